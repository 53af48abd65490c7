/**
 * Engine authorization resource types and the rights each org-chart role receives.
 * Numbers are the engine's `Resources` enum (Camunda 7 / Operaton REST `resourceType`).
 */
export const Resource = {
  APPLICATION: 0,
  GROUP: 2,
  FILTER: 5,
  PROCESS_DEFINITION: 6,
  TASK: 7,
  PROCESS_INSTANCE: 8,
  DEPLOYMENT: 9,
  DECISION_DEFINITION: 10,
  DECISION_REQUIREMENTS_DEFINITION: 14,
  HISTORIC_TASK: 19,
  HISTORIC_PROCESS_INSTANCE: 20,
} as const;

export interface Grant {
  resourceType: number;
  resourceId: string;
  permissions: string[];
}

/** Every unit: use Tasklist and read its own group. Tasks themselves are granted by the engine
 * to a task's candidate group when the task is created, which is what keeps units apart. */
export function unitGrants(groupId: string): Grant[] {
  return [
    { resourceType: Resource.APPLICATION, resourceId: 'tasklist', permissions: ['ACCESS'] },
    { resourceType: Resource.GROUP, resourceId: groupId, permissions: ['READ'] },
    { resourceType: Resource.PROCESS_DEFINITION, resourceId: '*', permissions: ['READ'] },
  ];
}

/** The linkage centre and sub-centres watch instances (Cockpit) without working others' tasks. */
export const centreGrants: Grant[] = [
  { resourceType: Resource.APPLICATION, resourceId: 'cockpit', permissions: ['ACCESS'] },
  { resourceType: Resource.PROCESS_DEFINITION, resourceId: '*', permissions: ['READ', 'READ_INSTANCE', 'READ_HISTORY'] },
  { resourceType: Resource.PROCESS_INSTANCE, resourceId: '*', permissions: ['READ'] },
  { resourceType: Resource.DECISION_DEFINITION, resourceId: '*', permissions: ['READ', 'READ_HISTORY'] },
];

/** Process administrators deploy and manage models; nobody else may (deploying can run code). */
export const processAdminGrants: Grant[] = [
  { resourceType: Resource.APPLICATION, resourceId: 'cockpit', permissions: ['ACCESS'] },
  { resourceType: Resource.DEPLOYMENT, resourceId: '*', permissions: ['ALL'] },
  { resourceType: Resource.PROCESS_DEFINITION, resourceId: '*', permissions: ['ALL'] },
  { resourceType: Resource.DECISION_DEFINITION, resourceId: '*', permissions: ['ALL'] },
  { resourceType: Resource.DECISION_REQUIREMENTS_DEFINITION, resourceId: '*', permissions: ['ALL'] },
  { resourceType: Resource.PROCESS_INSTANCE, resourceId: '*', permissions: ['READ', 'UPDATE'] },
];
