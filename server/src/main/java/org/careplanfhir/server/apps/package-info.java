/**
 * The apps the server ships and serves itself: the SMART care-plan app at {@code /apps/careplan/}
 * (built from {@code server/src/main/app} by the Maven build), registered as a public client of the
 * embedded authorization server with its redirect address derived from the server's public address.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Apps", allowedDependencies = { "security", "web" })
package org.careplanfhir.server.apps;
