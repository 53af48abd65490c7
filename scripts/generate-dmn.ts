import fs from 'node:fs';
import { loadCatalogue } from '../src/catalogue/categories.js';
import { gradingDmn, routingDmn } from '../src/catalogue/dmn.js';

// Regenerates the decision tables from config/categories.yaml (the one source of the responsibility list).
const catalogue = loadCatalogue();
fs.writeFileSync('processes/responsibility-routing.dmn', routingDmn(catalogue));
fs.writeFileSync('processes/event-grading.dmn', gradingDmn(catalogue));
console.log(`wrote processes/responsibility-routing.dmn and processes/event-grading.dmn (${catalogue.categories.length} categories)`);
