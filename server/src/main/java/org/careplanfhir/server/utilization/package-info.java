/**
 * What insurers ask of a case-management system: utilization measures evaluated into standard
 * MeasureReports ({@code Measure/[id]/$evaluate-measure}), computed in PostgreSQL over summary
 * tables the writes keep current; the members of each payer, from its active Coverages; and
 * attribution Groups ({@code $member-add}, {@code $member-remove}, Groups kept in step with a
 * payer's Coverages).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Utilization",
		allowedDependencies = { "fhir", "storage", "web", "security :: policy" })
package org.careplanfhir.server.utilization;
