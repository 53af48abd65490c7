import { loadConfig } from '../../../src/config.js';
import { removeDemoUsers } from '../../../src/identity/sync-identity.js';
import { loadOrgChart } from '../../../src/identity/org-chart.js';

/** Issue 13 point 3: production has no demo users and a real admin password. */
describe('safe defaults in production', () => {
  const keys = { INTAKE_API_KEYS: 'web:web-key-0123456789abcdef' };

  test('production refuses to start without ENGINE_ADMIN_PASSWORD or with one shorter than 12 characters', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', ...keys })).toThrow(/ENGINE_ADMIN_PASSWORD: required in production \(at least 12 characters\)/);
    expect(() => loadConfig({ NODE_ENV: 'production', ENGINE_ADMIN_PASSWORD: 'elevenchars', ...keys })).toThrow(/ENGINE_ADMIN_PASSWORD: must have at least 12 characters in production/);
    expect(loadConfig({ NODE_ENV: 'production', ENGINE_ADMIN_PASSWORD: 'twelve-chars', ...keys }).isProduction).toBe(true);
    // Development keeps the generated password (the engine writes it to $DATA_DIR/admin-credentials).
    expect(loadConfig({ NODE_ENV: 'development' }).engine.adminPassword).toBeUndefined();
  });

  test('demo users left by a development start are deleted from the engine in production', async () => {
    const chart = loadOrgChart();
    const existing = new Set(['demo-linkage-centre', 'demo-process-admin', 'zhang.san']);
    const deleted: string[] = [];
    const identity = {
      user: async (id: string) => (existing.has(id) ? { id } : undefined),
      deleteUser: async (id: string) => {
        existing.delete(id);
        deleted.push(id);
      },
    };
    const removed = await removeDemoUsers({ identity } as unknown as Parameters<typeof removeDemoUsers>[0], chart);
    expect(removed.sort()).toEqual(['demo-linkage-centre', 'demo-process-admin']);
    expect(deleted.sort()).toEqual(['demo-linkage-centre', 'demo-process-admin']);
    expect([...existing]).toEqual(['zhang.san']);
  });
});
