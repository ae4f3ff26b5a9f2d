/**
 * Conformance: installs the case-management FHIR package (and any other configured package) at
 * start-up, validates every write against the profiles it claims or implies, and enforces the
 * workflow rules a profile cannot express.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Conformance")
package org.careplanfhir.server.conformance;
