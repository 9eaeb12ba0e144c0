"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { changeUserRole, deactivateUser, reactivateUser, resetUserPassword, setUserTeams } from "@casebook/domain";
import { confirmed, defineAction, optionalText, text, tickedTeams } from "@/lib/action";

// The user page's actions: each one verb, each behind a confirmation box (the change ends the user's
// sessions at once). The wrapper checks the role, the verb checks it again.
const admin = { roles: ["admin" as const], namespace: "adminConsole.users" };
const revalidate = (userId: string) => {
  revalidatePath(`/admin/users/${userId}`);
  revalidatePath("/admin/users");
};

export const changeUserRoleAction = defineAction({
  ...admin,
  input: z.object({ userId: text, role: text, teamId: optionalText, confirm: confirmed }),
  run: async ({ ctx, input, t }) => {
    await changeUserRole(ctx, { userId: input.userId, role: input.role as "agent", teamId: input.teamId ?? null });
    revalidate(input.userId);
    return { ok: true, message: t("roleChanged") };
  },
});

export const setUserTeamsAction = defineAction({
  ...admin,
  input: z.object({ userId: text, confirm: confirmed }).catchall(z.string()),
  run: async ({ ctx, input, t }) => {
    await setUserTeams(ctx, { userId: input.userId, teamIds: tickedTeams(input) });
    revalidate(input.userId);
    return { ok: true, message: t("teamsChanged") };
  },
});

export const resetUserPasswordAction = defineAction({
  ...admin,
  input: z.object({ userId: text, confirm: confirmed }),
  run: async ({ ctx, input, t }) => {
    const r = await resetUserPassword(ctx, { userId: input.userId });
    revalidate(input.userId);
    return { ok: true, message: t("passwordReset"), result: r.temporaryPassword };
  },
});

export const deactivateUserAction = defineAction({
  ...admin,
  input: z.object({ userId: text, confirm: confirmed }),
  run: async ({ ctx, input, t }) => {
    await deactivateUser(ctx, { userId: input.userId });
    revalidate(input.userId);
    return { ok: true, message: t("deactivated") };
  },
});

export const reactivateUserAction = defineAction({
  ...admin,
  input: z.object({ userId: text, confirm: confirmed }),
  run: async ({ ctx, input, t }) => {
    await reactivateUser(ctx, { userId: input.userId });
    revalidate(input.userId);
    return { ok: true, message: t("reactivated") };
  },
});
