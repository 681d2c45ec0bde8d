import { afterEach, beforeEach, vi } from "vitest";

// A console.error during a test is a bug that would otherwise pass unseen.
let errorSpy: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  errorSpy = vi.spyOn(console, "error");
});
afterEach(() => {
  const calls = errorSpy.mock.calls;
  errorSpy.mockRestore();
  if (calls.length > 0) {
    throw new Error(`console.error was called during the test: ${calls.map((c: unknown[]) => c.map(String).join(" ")).join("\n")}`);
  }
});
