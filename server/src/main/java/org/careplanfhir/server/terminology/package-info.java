/**
 * Terminology: the operations on code systems, value sets and concept maps beyond HAPI's
 * per-resource ones, such as loading LOINC, SNOMED CT or any large code system from its
 * distribution files. The case-management code systems themselves arrive with the conformance
 * package.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Terminology",
		allowedDependencies = { "fhir", "web", "security :: policy" })
package org.careplanfhir.server.terminology;
