import { signIn } from "../support/auth.js";
import { expect, open, snap, test } from "../support/page-checks.js";
import { USERS, uniqueTag } from "../support/users.js";

test("a coordinator adds a follow-up and closes it with an outcome", async ({
  page,
  consoleErrors,
}, testInfo) => {
  await signIn(page, USERS.coordinator);
  await open(page, "/tasks");
  await expect(page.getByRole("heading", { level: 1, name: "Tasks" })).toBeVisible();
  const title = `Call back about the refill ${uniqueTag()}`;
  const form = page.getByRole("form", { name: "New task" });
  await form.getByLabel("Patient").selectOption({ index: 1 });
  await form.getByLabel("Task").fill(title);
  await form.getByRole("button", { name: "Add task" }).click();
  const row = page.getByRole("row").filter({ hasText: title });
  await expect(row).toBeVisible();
  await expect(row.getByText("Due today")).toBeVisible();
  await snap(page, testInfo, "workspace", "tasks-open");

  await row.getByRole("button", { name: /Close .* with an outcome/ }).click();
  await row.getByLabel("Outcome").fill("Refill sent to the pharmacy.");
  await row.getByRole("button", { name: "Close task" }).click();
  await expect(page.getByRole("row").filter({ hasText: title })).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});
