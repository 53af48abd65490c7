// bpmnlint's own rule modules, imported statically so that the bundler can include them (the
// browser has no require). The same modules Node loads in src/lint/external-rules.ts; a unit test
// (test/unit/lint/element-templates.test.ts) checks that every rule of `recommended` is listed here.
import recommended from 'bpmnlint/config/recommended.js';
import compatPlugin from 'bpmnlint-plugin-camunda-compat';
import compatHistoryTimeToLive from 'bpmnlint-plugin-camunda-compat/rules/camunda-platform/history-time-to-live.js';
import rule_ad_hoc_sub_process from 'bpmnlint/rules/ad-hoc-sub-process.js';
import rule_conditional_flows from 'bpmnlint/rules/conditional-flows.js';
import rule_end_event_required from 'bpmnlint/rules/end-event-required.js';
import rule_event_based_gateway from 'bpmnlint/rules/event-based-gateway.js';
import rule_event_sub_process_typed_start_event from 'bpmnlint/rules/event-sub-process-typed-start-event.js';
import rule_fake_join from 'bpmnlint/rules/fake-join.js';
import rule_global from 'bpmnlint/rules/global.js';
import rule_label_required from 'bpmnlint/rules/label-required.js';
import rule_link_event from 'bpmnlint/rules/link-event.js';
import rule_no_bpmndi from 'bpmnlint/rules/no-bpmndi.js';
import rule_no_complex_gateway from 'bpmnlint/rules/no-complex-gateway.js';
import rule_no_disconnected from 'bpmnlint/rules/no-disconnected.js';
import rule_no_duplicate_sequence_flows from 'bpmnlint/rules/no-duplicate-sequence-flows.js';
import rule_no_gateway_join_fork from 'bpmnlint/rules/no-gateway-join-fork.js';
import rule_no_implicit_split from 'bpmnlint/rules/no-implicit-split.js';
import rule_no_implicit_end from 'bpmnlint/rules/no-implicit-end.js';
import rule_no_implicit_start from 'bpmnlint/rules/no-implicit-start.js';
import rule_no_inclusive_gateway from 'bpmnlint/rules/no-inclusive-gateway.js';
import rule_no_overlapping_elements from 'bpmnlint/rules/no-overlapping-elements.js';
import rule_single_blank_start_event from 'bpmnlint/rules/single-blank-start-event.js';
import rule_single_event_definition from 'bpmnlint/rules/single-event-definition.js';
import rule_start_event_required from 'bpmnlint/rules/start-event-required.js';
import rule_sub_process_blank_start_event from 'bpmnlint/rules/sub-process-blank-start-event.js';
import rule_superfluous_gateway from 'bpmnlint/rules/superfluous-gateway.js';
import rule_superfluous_label from 'bpmnlint/rules/superfluous-label.js';
import rule_superfluous_termination from 'bpmnlint/rules/superfluous-termination.js';

export const externalRules = {
  recommended,
  compatPlugin,
  compat: { 'history-time-to-live': compatHistoryTimeToLive },
  bpmnlint: {
    'ad-hoc-sub-process': rule_ad_hoc_sub_process,
    'conditional-flows': rule_conditional_flows,
    'end-event-required': rule_end_event_required,
    'event-based-gateway': rule_event_based_gateway,
    'event-sub-process-typed-start-event': rule_event_sub_process_typed_start_event,
    'fake-join': rule_fake_join,
    'global': rule_global,
    'label-required': rule_label_required,
    'link-event': rule_link_event,
    'no-bpmndi': rule_no_bpmndi,
    'no-complex-gateway': rule_no_complex_gateway,
    'no-disconnected': rule_no_disconnected,
    'no-duplicate-sequence-flows': rule_no_duplicate_sequence_flows,
    'no-gateway-join-fork': rule_no_gateway_join_fork,
    'no-implicit-split': rule_no_implicit_split,
    'no-implicit-end': rule_no_implicit_end,
    'no-implicit-start': rule_no_implicit_start,
    'no-inclusive-gateway': rule_no_inclusive_gateway,
    'no-overlapping-elements': rule_no_overlapping_elements,
    'single-blank-start-event': rule_single_blank_start_event,
    'single-event-definition': rule_single_event_definition,
    'start-event-required': rule_start_event_required,
    'sub-process-blank-start-event': rule_sub_process_blank_start_event,
    'superfluous-gateway': rule_superfluous_gateway,
    'superfluous-label': rule_superfluous_label,
    'superfluous-termination': rule_superfluous_termination,
  },
};
