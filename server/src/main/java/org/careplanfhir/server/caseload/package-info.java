/**
 * The case manager's view: {@code $caseload}, a practitioner's active cases ranked by what needs
 * attention first (goals overdue or at risk, referrals awaiting action, no recent contact, no
 * coverage), each with the records that say so. Computed with a fixed number of searches over the
 * whole caseload, never one per patient, and confined to what the caller's token may read.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Caseload",
		allowedDependencies = { "storage", "fhir", "web", "security :: policy" })
package org.careplanfhir.server.caseload;
