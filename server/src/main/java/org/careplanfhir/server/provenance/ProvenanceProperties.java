package org.careplanfhir.server.provenance;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Provenance of clients' writes.
 *
 * @param enabled whether a Provenance is stored for every write by an authenticated caller
 */
@ConfigurationProperties("careplan.provenance")
record ProvenanceProperties(@DefaultValue("true") boolean enabled) {
}
