/**
 * The referral workflow, as the Gravity SDOH Clinical Care guide shapes it: a ServiceRequest and a
 * Task ({@code code} fulfill, {@code focus} the ServiceRequest) that the requesting and the receiving
 * organisation move through its states. This module owns the Task's state machine (a workflow rule
 * the conformance module runs with every write) and keeps the case's CareTeam in step with it.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Referrals",
		allowedDependencies = { "fhir", "web", "security :: policy", "conformance :: rules" })
package org.careplanfhir.server.referrals;
