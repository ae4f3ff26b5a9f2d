/**
 * The audit trail: an AuditEvent in the shape of IHE's Basic Audit Log Patterns for every access to
 * the FHIR endpoint (reads, searches, writes, operations and refusals) and for the authorization
 * server's sign-ins, tokens and consents. A write's record commits with the write; every other
 * record commits before its answer is sent. A drain turns what earlier versions left in their
 * outbox table into AuditEvents, and removes the events older than the retention. AuditEvents are read and searched through the FHIR API, confined like
 * every other record, and never changed through it.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Audit trail",
		allowedDependencies = { "fhir", "storage", "web", "security :: policy", "bulk" })
package org.careplanfhir.server.audit;
