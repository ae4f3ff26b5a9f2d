package org.careplanfhir.server.storage;

import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;

/**
 * Lets a capability adjust HAPI's storage settings (for example, full-text indexing) without the
 * storage module knowing about it.
 */
@FunctionalInterface
public interface StorageSettingsCustomizer {

	void customize(JpaStorageSettings settings);

}
