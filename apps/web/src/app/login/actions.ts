"use server";
import { AuthError } from "next-auth";
import { signIn } from "@/lib/auth";

export interface LoginState { error?: "invalid" | "throttled" | "inactive" | "error"; email?: string }

export async function loginAction(_prev: LoginState, formData: FormData): Promise<LoginState> {
  const email = String(formData.get("email") ?? "");
  try {
    await signIn("credentials", { email, password: String(formData.get("password") ?? ""), redirectTo: "/queue" });
    return {};
  } catch (error) {
    if (error instanceof AuthError) {
      const code = (error as AuthError & { code?: string }).code;
      return { error: code === "throttled" ? "throttled" : code === "invalid" ? "invalid" : "error", email };
    }
    throw error;
  }
}

export async function oidcAction(): Promise<void> {
  await signIn("oidc", { redirectTo: "/queue" });
}
