/**
 * Bulk data: FHIR Bulk Data Access {@code $export} at system, all-patients, one-patient and group
 * level, run as a background job that writes NDJSON files for the client to download. Which
 * clients may export what is decided by the security module, as for every other data path.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Bulk data")
package org.careplanfhir.server.bulk;
