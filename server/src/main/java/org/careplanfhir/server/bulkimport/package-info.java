/**
 * Bulk import: {@code $import} of NDJSON files, read from a folder the operator allows or from
 * Binary resources the client uploaded, loaded in the background in large transactions through the
 * FHIR endpoint's own write checks (scopes, validation, workflow rules), with progress and a manifest
 * at a status URL like {@code $export}'s. Lines that are refused go to an OperationOutcome NDJSON
 * file; the others are stored. Who may import is this module's {@link
 * org.careplanfhir.server.bulkimport.BulkImportAccess} policy.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Bulk import",
		allowedDependencies = { "fhir", "storage", "web", "security :: policy", "cluster" })
package org.careplanfhir.server.bulkimport;
