/**
 * Conformance: installs the case-management FHIR package (and any other configured package) at
 * start-up, validates every write against the profiles it claims or implies, and enforces the
 * workflow rules a profile cannot express.
 * <p>
 * It depends on terminology for one question, whether a write is a code-system load
 * ({@code TerminologyLoads}): such a CodeSystem is built by the loader from distribution files, not
 * sent by a client, so there is nothing of the client's to validate. Its workflow rules read other
 * records with the caller's rights, through the security module's policy interface. It runs the
 * validator inside storage's {@code LookupsThatMayFail}, since the validator handles the failures of
 * the terminology lookups it makes inside the write's transaction.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Conformance",
		allowedDependencies = { "fhir", "web", "storage", "terminology", "security :: policy" })
package org.careplanfhir.server.conformance;
