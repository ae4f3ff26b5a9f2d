/**
 * Bulk data: FHIR Bulk Data Access {@code $export} at system, all-patients, one-patient and group
 * level, run as a background job that writes NDJSON files for the client to download. Its access
 * policy ({@link org.careplanfhir.server.bulk.BulkExportAccess}) says who may export what and
 * whose the files are; the security module enforces it with every other policy.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Bulk data",
		allowedDependencies = { "fhir", "storage", "web", "security :: policy" })
package org.careplanfhir.server.bulk;
