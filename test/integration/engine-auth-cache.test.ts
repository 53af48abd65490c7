import crypto from 'node:crypto';
import { adminEngine, testConfig } from './support/platform.js';
import { resolveAdminPassword } from '../../src/credentials.js';

/**
 * The engine remembers a verified REST credential for ENGINE_AUTH_CACHE_SECONDS (issue 9:
 * engine/…/CachedBasicAuthentication.java) so that a worker's call is one engine transaction, not
 * four. None of that may show to a person: a changed password, a removed membership or a deleted
 * user takes effect on the very next call, and wrong passwords still lock the user.
 */
const admin = adminEngine();
const PROCESS_DEFINITION = 6;

async function withUser(run: (user: string, password: string) => Promise<void>): Promise<void> {
  const user = `authcache-${process.pid}-${crypto.randomBytes(3).toString('hex')}`;
  const password = crypto.randomBytes(12).toString('base64url');
  await admin.identity.createUser({ id: user, firstName: '缓存', lastName: '测试', email: `${user}@example.invalid` }, password);
  try {
    await run(user, password);
  } finally {
    await admin.identity.deleteUser(user).catch(() => undefined);
  }
}

const definitionsSeenBy = async (user: string, password: string) =>
  (await admin.as({ user, password }).get<{ count: number }>('/process-definition/count')).count;

describe('REST credentials the engine remembers follow every identity change at once', () => {
  test('a changed password: the old one is refused on the next call, the new one works', async () => {
    await withUser(async (user, password) => {
      const asUser = admin.as({ user, password });
      await asUser.get(`/user/${user}/profile`);
      await asUser.get(`/user/${user}/profile`);
      const next = crypto.randomBytes(12).toString('base64url');
      await admin.put(`/user/${user}/credentials`, { password: next, authenticatedUserPassword: resolveAdminPassword(testConfig()) });
      await expect(admin.as({ user, password: next }).get(`/user/${user}/profile`)).resolves.toMatchObject({ id: user });
      await expect(asUser.get(`/user/${user}/profile`)).rejects.toMatchObject({ httpStatus: 401 });
    });
  });

  test('a membership granted or taken away applies to the next call\'s authorization checks', async () => {
    await withUser(async (user, password) => {
      const group = `${user}-g`;
      await admin.post('/group/create', { id: group, name: '缓存测试组', type: 'WORKFLOW' });
      const grant = await admin.post<{ id: string }>('/authorization/create', { type: 1, permissions: ['READ'], groupId: group, resourceType: PROCESS_DEFINITION, resourceId: '*' });
      try {
        expect(await definitionsSeenBy(user, password)).toBe(0);
        await admin.put(`/group/${group}/members/${user}`, {});
        expect(await definitionsSeenBy(user, password)).toBeGreaterThan(0);
        await admin.delete(`/group/${group}/members/${user}`);
        expect(await definitionsSeenBy(user, password)).toBe(0);
      } finally {
        await admin.delete(`/authorization/${grant.id}`).catch(() => undefined);
        await admin.delete(`/group/${group}`).catch(() => undefined);
      }
    });
  });

  test('a deleted user is refused on the next call', async () => {
    await withUser(async (user, password) => {
      const asUser = admin.as({ user, password });
      await asUser.get(`/user/${user}/profile`);
      await admin.identity.deleteUser(user);
      await expect(asUser.get(`/user/${user}/profile`)).rejects.toMatchObject({ httpStatus: 401 });
    });
  });

  test('a wrong password still counts: a user who signed in a moment ago is locked like anyone else', async () => {
    await withUser(async (user, password) => {
      const asUser = admin.as({ user, password });
      await asUser.get(`/user/${user}/profile`);
      await expect(admin.as({ user, password: 'wrong-password' }).get(`/user/${user}/profile`)).rejects.toMatchObject({ httpStatus: 401 });
      // Locked for loginDelayBase seconds: the remembered right password is refused too.
      await expect(asUser.get(`/user/${user}/profile`)).rejects.toMatchObject({ httpStatus: 401 });
    });
  });
});
