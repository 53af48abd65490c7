import { adminEngine, unitEngine } from './support/platform.js';

/**
 * Security advisories of Camunda 7.24.x worth testing against (ENGINE-NOTES): expressions in ad-hoc
 * task queries run code on the server, so they must be refused for every caller, also when smuggled
 * inside `orQueries` (Operaton 1.0.3 evaluated those: engine/…/OrQueryExpressionFilter.java).
 */
describe('the engine refuses expressions in ad-hoc task queries', () => {
  const evil = '${execution.getProcessEngineServices()}';

  test('a plain expression parameter is refused', async () => {
    await expect(unitEngine('linkage-centre').post('/task', { assigneeExpression: evil })).rejects.toMatchObject({ httpStatus: 400 });
  });

  test('an expression inside orQueries is refused before it is evaluated, for units and for the admin', async () => {
    await expect(unitEngine('linkage-centre').post('/task', { orQueries: [{ assigneeExpression: evil }] })).rejects.toMatchObject({ httpStatus: 400 });
    await expect(unitEngine('linkage-centre').post('/task', { orQueries: [{ assigneeExpression: "${'demo-linkage-centre'}" }] })).rejects.toMatchObject({ httpStatus: 400 });
    await expect(adminEngine().post('/task/count', { orQueries: [{ candidateGroupExpression: evil }] })).rejects.toMatchObject({ httpStatus: 400 });
  });

  test('ordinary or-queries still work', async () => {
    await expect(unitEngine('linkage-centre').post('/task', { orQueries: [{ candidateGroup: 'linkage-centre', assignee: 'demo-linkage-centre' }] })).resolves.toEqual(expect.any(Array));
  });

  test('a unit cannot save a filter at all (no filter-create right), so no expression hides in one', async () => {
    await expect(
      unitEngine('linkage-centre').post('/filter/create', { resourceType: 'Task', name: 'x', query: { orQueries: [{ assigneeExpression: evil }] } }),
    ).rejects.toMatchObject({ httpStatus: 400, message: expect.stringContaining('Expressions are not allowed in orQueries') });
    await expect(unitEngine('linkage-centre').post('/filter/create', { resourceType: 'Task', name: 'y', query: {} })).rejects.toMatchObject({ httpStatus: 403 });
  });
});
