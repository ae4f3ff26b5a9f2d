/**
 * The workflow-rule SPI: a capability that owns a rule about how its resources may change (a
 * referral's state machine, a goal's sequence) declares it as a
 * {@link org.careplanfhir.server.conformance.rules.WorkflowRule} bean, and the conformance module
 * runs it with profile validation on every write, answering 422 with every broken rule.
 */
@org.springframework.modulith.NamedInterface("rules")
package org.careplanfhir.server.conformance.rules;
