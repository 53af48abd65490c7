import { Client } from 'camunda-external-task-client-js';
test('esm client import', () => { expect(typeof Client).toBe('function'); });
