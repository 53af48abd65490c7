// Jest on Node 20 cannot `require()` an ES module, which CommonJS packages such as bpmnlint do
// (min-dash, bpmnlint-utils, … are ESM-only; Node itself loads them natively since 20.19). This
// transform turns such a file into CommonJS only when it is required; imported as ESM it is
// passed through untouched.
const crypto = require('node:crypto');
const { transformSync } = require('esbuild');

module.exports = {
  process(source, filename, options) {
    if (options.supportsStaticESM || !/^\s*(import|export)\b/m.test(source)) return { code: source };
    return { code: transformSync(source, { format: 'cjs', loader: 'js', sourcefile: filename, target: 'node20' }).code };
  },
  getCacheKey(source, filename, options) {
    return crypto.createHash('sha256').update(`${filename}\0${options.supportsStaticESM}\0${source}`).digest('hex');
  },
};
