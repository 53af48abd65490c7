import type { Page } from 'playwright-core';

/**
 * Fills Tasklist's login form and submits it. The page may still be settling (Angular moves the
 * focus), so a fill can land in the other field — one full run showed the password appended to the
 * user name. Fills until both fields hold what was typed.
 */
export async function submitTasklistLogin(page: Page, user: string, password: string): Promise<void> {
  const userField = 'input[ng-model="username"]';
  const passwordField = 'input[ng-model="password"]';
  for (let attempt = 0; attempt < 5; attempt += 1) {
    await page.fill(userField, user);
    await page.fill(passwordField, password);
    if ((await page.inputValue(userField)) === user && (await page.inputValue(passwordField)) === password) break;
  }
  await page.click('button[type="submit"]');
}
