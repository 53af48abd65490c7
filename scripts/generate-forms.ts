import fs from 'node:fs';
import { eventForms, serializeForm } from '../src/forms/event-forms.js';
import { loadOrgChart } from '../src/identity/org-chart.js';

// Regenerates the event process's forms from src/forms/event-forms.ts and the org chart.
const forms = eventForms(loadOrgChart());
for (const [name, json] of Object.entries(forms)) fs.writeFileSync(`forms/${name}.form`, serializeForm(json));
console.log(`wrote ${Object.keys(forms).length} forms`);
