import { handlers } from "@casebook/auth";

export const { GET, POST } = handlers;
