/**
 * Provenance of every change a client makes: one Provenance per transaction (or single write) and
 * activity, naming the versions written, the user and the app that wrote them, and the patients
 * whose records they lie in. The server's own writes (package loads, export files, a
 * subscription's status) have none.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Provenance",
		allowedDependencies = { "fhir", "web", "security :: policy" })
package org.careplanfhir.server.provenance;
