import type { RuleId } from "../rule-ids";
import type { RuleMessage } from "./en";

export const zhCN: Record<RuleId, RuleMessage> = {
  "US-REGF-TIME": {
    text: "当前不在消费者所在地允许的联系时段内。",
    variants: {
      default: "{zone} 当地时间为 {local}，不在允许时段 {start}–{end} 内。",
      empty: "在 {zones} 中没有任何时间落在允许时段 {start}–{end} 内。",
    },
  },
  "US-REGF-TIME-MULTITZ": {
    text: "消费者所在地不确定，联系时间必须在其可能所在的每个时区都合适。",
    variants: {
      default: "消费者可能位于 {zones}；{zone} 当地时间为 {local}，不在 {start}–{end} 内。",
      empty: "消费者可能位于 {zones}，不存在在所有这些时区都处于 {start}–{end} 的时间。",
      noZone: "无法得知消费者的时区，因此无法判断任何联系时间是否合适。",
    },
  },
  "US-REGF-FREQ-7IN7": {
    text: "过去七天内已就该笔债务向此人拨打七次电话。",
    variants: { default: "过去 {days} 个当地日历日内已就债务 {debtId} 向此人拨打 {count} 次电话（上限 {limit}）；下次可拨打日期为 {nextDay}。" },
  },
  "US-REGF-FREQ-CONV7": {
    text: "过去七天内已就该笔债务与此人进行过电话交谈。",
    variants: { default: "已于 {conversationDay} 就债务 {debtId} 进行过电话交谈；下次可拨打日期为 {nextDay}。" },
  },
  "US-REGF-PATTERN": {
    text: "几分钟前已拨打此号码且未接通。",
    variants: {
      default: "不到 {gap} 分钟前已拨打此号码且未接通。",
      noAddress: "缺少要拨打的号码，无法检查重复拨打。",
    },
  },
  "US-REGF-WORK": {
    text: "不得在工作场所联系消费者。",
    variants: { unknown: "不得在工作场所联系消费者，且无法确认该地址为私人地址。" },
  },
  "US-REGF-PLACE": {
    text: "消费者表示此时间不方便。",
    variants: {
      default: "消费者表示 {windows} 不方便。",
      allDay: "消费者表示全天任何时间都不方便。",
      replied: "消费者表示 {windows} 不方便；对其在该时段内来信的唯一一次回复已经发出。",
      allDayReplied: "消费者表示全天任何时间都不方便；对其今天来信的唯一一次回复已经发出。",
    },
  },
  "US-REGF-ATTY": { text: "消费者已就该债务委托律师：只能联系律师。" },
  "US-REGF-CEASE": { text: "消费者已书面要求停止联系；只能发送停止确认或具体救济措施通知。" },
  "US-REGF-MEDIUM": {
    text: "消费者已选择不接受此方式的联系。",
    variants: {
      default: "消费者已选择不在此地址接受 {channel} 联系。",
      writtenOnly: "消费者要求仅以书面方式（信件或电子邮件）联系：不得致电、语音留言、发短信或上门。",
    },
  },
  "US-REGF-EOPTOUT": {
    text: "每封电子邮件和短信都必须告知消费者如何退订，此消息没有。",
    variants: { noContent: "未提供此邮件或短信的内容，无法检查退订说明。" },
  },
  "US-REGF-3P": {
    text: "不得向第三方透露任何与债务有关的信息。",
    variants: {
      discloses: "此消息会向第三方透露债务。",
      purpose: "只能向第三方询问消费者的联系方式，不得以 {purpose} 为目的联系。",
      noContent: "未提供发给此第三方的内容，无法检查是否透露债务。",
      notThisConsumer: "该联系人被标记为消费者，但并非本案的消费者。",
    },
  },
  "US-REGF-LOC": {
    text: "向第三方查询位置只能确认或更正位置信息，仅限一次，且不得透露债务。",
    variants: {
      discloses: "位置查询不得提及债务。",
      postcard: "位置查询不得使用明信片。",
      again: "已询问过此第三方一次，且对方未要求再次联系。",
      noContent: "未提供此位置查询的内容，无法检查。",
    },
  },
  "US-REGF-LCM": {
    text: "语音留言只能是有限内容留言（姓名、回电请求、电话号码，别无其他）。",
    variants: { noContent: "未提供语音留言的内容，无法确认其为有限内容留言。" },
  },
  "US-REGF-DISPUTE": {
    text: "消费者已书面对该债务提出异议；在发出核实材料之前停止催收。",
    variants: { default: "债务 {debtIds} 已被书面提出异议；在发出核实材料之前停止催收。" },
  },
  "US-REGF-TIMEBAR": {
    text: "该债务已过诉讼时效：不得起诉或以起诉相威胁。",
    variants: { default: "债务 {debtIds} 已过诉讼时效：不得起诉或以起诉相威胁。" },
  },
  "US-REGF-MM": {
    text: "消息必须说明其来自债务催收方。",
    variants: {
      initial: "首次沟通必须包含催收声明（我们是债务催收方，正在催收债务）。",
      subsequent: "消息必须说明其来自债务催收方。",
      noContent: "未提供消息内容，无法检查催收方声明。",
    },
  },
  "US-REGF-VALID": { text: "须在首次沟通后五天内发出债务确认通知。" },
  "US-BK-STAY": { text: "消费者处于破产程序中：自动中止令禁止一切催收。" },
  "US-DECEASED": { text: "消费者已故：只能联系遗产代理人。" },
  "US-TCPA-CONSENT": {
    text: "自动拨号或预录音的电话和短信需事先获得消费者对此号码的明确同意。",
    variants: {
      revoked: "消费者已撤回对此号码接受自动拨号或预录音联系的同意。",
      noAddress: "缺少号码，无法检查自动拨号联系的同意。",
    },
  },
  "US-MA-FREQ": {
    text: "马萨诸塞州规定每笔债务七天内最多两次催收电话或短信（非私人号码为三十天）。",
    variants: { default: "过去 {days} 个当地日历日内已就债务 {debtId} 拨打电话或发送短信 {count} 次（马萨诸塞州上限 {limit}）；下次可联系日期为 {nextDay}。" },
  },
  "CN-TIME": {
    text: "北京时间 22:00 至 08:00 之间不得催收。",
    variants: {
      default: "{zone} 当地时间为 {local}，不在允许时段 {start}–{end} 内。",
      empty: "在 {zones} 中没有任何时间落在允许时段 {start}–{end} 内。",
      noZone: "无法得知债务人的时区，无法判断联系时间。",
    },
  },
  "CN-FREQ-NUMBER": {
    text: "今天拨打此号码的次数已达上限。",
    variants: {
      default: "今天已拨打此号码 {count} 次（上限 {limit}）；下次可拨打日期为 {nextDay}。",
      noAddress: "缺少要拨打的号码，无法检查单号码每日上限。",
    },
  },
  "CN-FREQ-DAILY": {
    text: "今天与债务人的语音联系次数已达上限。",
    variants: { default: "今天已与债务人语音联系 {count} 次（上限 {limit}）；下次可联系日期为 {nextDay}。" },
  },
  "CN-3P-CONTACTS": {
    text: "紧急联系人等第三方只能在债务人失联时协助联系，且不得告知债务。",
    variants: {
      refused: "此联系人曾拒绝，不得再次联系。",
      discloses: "此消息会向第三方透露债务。",
      purpose: "不得以 {purpose} 为目的联系第三方，只能请其协助联系债务人。",
      reachable: "债务人并非失联：最近 {days} 天内有过通话，或失败拨打少于 {minimum} 次。",
      noContent: "未提供发给此第三方的内容，无法检查是否透露债务。",
    },
  },
  "CN-ID": {
    text: "催收人员必须表明姓名、工号和所属机构。",
    variants: { noContent: "未提供消息内容，无法检查催收人员身份说明。" },
  },
  "CN-PROHIB": {
    text: "此次联系会公开暴露债务。",
    variants: {
      postcard: "明信片会让任何经手人看到内容。",
      exposure: "向第三方透露债务属于公开羞辱。",
    },
  },
  "CN-PIPL": {
    text: "第三方的个人信息只能用于其登记的目的：联系债务人。",
    variants: { default: "第三方号码不得用于 {purpose}；其登记目的是联系债务人。" },
  },
  "CN-DISPUTE": {
    text: "债务人已对该笔债务提出异议；在答复异议之前停止催收。",
    variants: { default: "债务人已对债务 {debtIds} 提出异议；在答复异议之前停止催收。" },
  },
  "CN-WRITTEN": {
    text: "债务人要求仅以书面方式通知，或拒绝催收电话：请改用信件或电子邮件。",
    variants: {
      writtenOnly: "债务人要求仅以书面方式联系：不得致电、语音留言、发短信或上门；可以发送信件或电子邮件。",
      cease: "债务人拒绝催收联系：不得致电、语音留言、发短信或上门；可以发送信件或电子邮件。",
    },
  },
  "CN-3P-ONCE": {
    text: "过去 30 天内已请此第三方转告过一次。",
    variants: { default: "已于 {asked}（北京时间）请此第三方转告；在 {until} 之前不得再次请其转告。" },
  },
  "CN-WORK": { text: "债务人或其雇主已要求不在工作场所联系债务人。" },
  "UK-CONC-TIME": {
    text: "对客户而言，此联系时间或方式不合理。",
    variants: {
      default: "{zone} 当地时间为 {local}，不在合理时段 {start}–{end} 内，或是客户要求避开的时间。",
      empty: "在 {zones} 中没有既在 {start}–{end} 内又不在客户要求避开时段内的时间。",
      noZone: "无法得知客户的时区，无法判断联系时间是否合理。",
      optOut: "客户要求不要以此方式联系。",
    },
  },
  "UK-CONC-3P": {
    text: "只能向已核实身份的客户本人透露债务详情。",
    variants: { noContent: "未提供发给此人的内容，无法检查是否透露债务。" },
  },
  "UK-CONC-CAPACITY": { text: "客户可能缺乏行为能力：暂停追收。" },
  "UK-CONC-HOW": {
    text: "客户要求仅以书面方式联系：不得致电、语音留言、发短信或上门。",
    variants: { default: "客户要求仅以书面方式联系，因此不得以此方式联系。" },
  },
  "CASEBOOK-OPTOUT": { text: "此人已退订此渠道（此地址）的联系。" },
};
