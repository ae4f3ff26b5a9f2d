package org.careplanfhir.server.conformance;

import java.nio.file.Path;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * FHIR packages to install at start-up besides the case-management package the server ships.
 *
 * @param packages local {@code .tgz} files in NPM package layout, e.g. a US Core package an operator
 * downloaded; nothing is fetched from the network, so a package's dependencies must be listed too
 */
@ConfigurationProperties("careplan")
record PackageProperties(@DefaultValue List<Path> packages) {
}
