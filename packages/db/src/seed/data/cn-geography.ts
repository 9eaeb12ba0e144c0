// Chinese provinces for the demo book: GB/T 2260 two-digit codes (the account jurisdiction is
// "CN-<code>"), Chinese and pinyin names, cities with their postal-code prefixes, districts.
// All of China keeps Beijing time: Asia/Shanghai (CN-TIME is judged there).

export interface CnCity {
  name: string;
  postal: string;
  districts: string[];
}
export interface CnProvince {
  code: string;
  name: string;
  weight: number;
  cities: CnCity[];
}

export const cnProvinces: CnProvince[] = [
  { code: "11", name: "北京市", weight: 4, cities: [{ name: "北京市", postal: "100", districts: ["朝阳区", "海淀区", "丰台区", "东城区", "西城区", "通州区"] }] },
  { code: "12", name: "天津市", weight: 2, cities: [{ name: "天津市", postal: "300", districts: ["和平区", "河西区", "南开区", "滨海新区"] }] },
  { code: "31", name: "上海市", weight: 5, cities: [{ name: "上海市", postal: "200", districts: ["浦东新区", "徐汇区", "静安区", "闵行区", "杨浦区", "宝山区"] }] },
  { code: "50", name: "重庆市", weight: 3, cities: [{ name: "重庆市", postal: "400", districts: ["渝中区", "江北区", "沙坪坝区", "九龙坡区", "渝北区"] }] },
  { code: "44", name: "广东省", weight: 12, cities: [
    { name: "广州市", postal: "510", districts: ["天河区", "越秀区", "海珠区", "白云区", "番禺区"] },
    { name: "深圳市", postal: "518", districts: ["福田区", "南山区", "罗湖区", "宝安区", "龙岗区"] },
    { name: "东莞市", postal: "523", districts: ["南城街道", "东城街道", "长安镇"] },
    { name: "佛山市", postal: "528", districts: ["禅城区", "南海区", "顺德区"] },
  ] },
  { code: "32", name: "江苏省", weight: 8, cities: [
    { name: "南京市", postal: "210", districts: ["玄武区", "秦淮区", "鼓楼区", "江宁区"] },
    { name: "苏州市", postal: "215", districts: ["姑苏区", "吴中区", "工业园区"] },
    { name: "无锡市", postal: "214", districts: ["梁溪区", "滨湖区", "新吴区"] },
  ] },
  { code: "33", name: "浙江省", weight: 7, cities: [
    { name: "杭州市", postal: "310", districts: ["西湖区", "上城区", "拱墅区", "滨江区", "余杭区"] },
    { name: "宁波市", postal: "315", districts: ["海曙区", "江北区", "鄞州区"] },
    { name: "温州市", postal: "325", districts: ["鹿城区", "龙湾区", "瓯海区"] },
  ] },
  { code: "37", name: "山东省", weight: 7, cities: [
    { name: "济南市", postal: "250", districts: ["历下区", "市中区", "槐荫区"] },
    { name: "青岛市", postal: "266", districts: ["市南区", "市北区", "黄岛区", "崂山区"] },
  ] },
  { code: "41", name: "河南省", weight: 6, cities: [{ name: "郑州市", postal: "450", districts: ["金水区", "二七区", "中原区", "管城回族区"] }, { name: "洛阳市", postal: "471", districts: ["西工区", "老城区", "涧西区"] }] },
  { code: "42", name: "湖北省", weight: 5, cities: [{ name: "武汉市", postal: "430", districts: ["江岸区", "武昌区", "洪山区", "江汉区"] }, { name: "宜昌市", postal: "443", districts: ["西陵区", "伍家岗区"] }] },
  { code: "43", name: "湖南省", weight: 5, cities: [{ name: "长沙市", postal: "410", districts: ["芙蓉区", "天心区", "岳麓区", "雨花区"] }] },
  { code: "51", name: "四川省", weight: 6, cities: [{ name: "成都市", postal: "610", districts: ["锦江区", "青羊区", "武侯区", "成华区", "高新区"] }, { name: "绵阳市", postal: "621", districts: ["涪城区", "游仙区"] }] },
  { code: "35", name: "福建省", weight: 4, cities: [{ name: "福州市", postal: "350", districts: ["鼓楼区", "台江区", "仓山区"] }, { name: "厦门市", postal: "361", districts: ["思明区", "湖里区", "集美区"] }] },
  { code: "34", name: "安徽省", weight: 4, cities: [{ name: "合肥市", postal: "230", districts: ["蜀山区", "包河区", "庐阳区"] }] },
  { code: "61", name: "陕西省", weight: 3, cities: [{ name: "西安市", postal: "710", districts: ["雁塔区", "碑林区", "未央区", "莲湖区"] }] },
  { code: "21", name: "辽宁省", weight: 3, cities: [{ name: "沈阳市", postal: "110", districts: ["和平区", "沈河区", "皇姑区"] }, { name: "大连市", postal: "116", districts: ["中山区", "西岗区", "沙河口区"] }] },
  { code: "45", name: "广西壮族自治区", weight: 3, cities: [{ name: "南宁市", postal: "530", districts: ["青秀区", "兴宁区", "西乡塘区"] }] },
  { code: "53", name: "云南省", weight: 2, cities: [{ name: "昆明市", postal: "650", districts: ["五华区", "盘龙区", "官渡区"] }] },
  { code: "65", name: "新疆维吾尔自治区", weight: 1, cities: [{ name: "乌鲁木齐市", postal: "830", districts: ["天山区", "沙依巴克区", "新市区"] }] },
];

/** Mobile number prefixes of the three carriers (+86 1xx). */
export const cnMobilePrefixes = [
  130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 150, 151, 152, 153, 155, 156, 157, 158, 159,
  166, 173, 175, 176, 177, 178, 180, 181, 182, 183, 184, 185, 186, 187, 188, 189, 191, 198, 199,
];

export const cnStreets = [
  "人民路", "解放路", "中山路", "建设路", "和平路", "新华路", "长江路", "黄河路", "南京路", "北京路",
  "文化路", "青年路", "胜利路", "光明路", "朝阳路", "东风路", "幸福路", "学府路", "科技路", "滨江路",
  "世纪大道", "迎宾大道", "发展大道", "创业路", "花园路", "金融街", "体育路", "公园路", "站前路", "湖滨路",
];
