package org.careplanfhir.server.storage;

import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings.StoreMetaSourceInformationEnum;
import ca.uhn.fhir.jpa.api.model.HistoryCountModeEnum;
import ca.uhn.fhir.jpa.binary.api.IBinaryStorageSvc;
import ca.uhn.fhir.jpa.binstore.DatabaseBinaryContentStorageSvcImpl;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.entity.StorageSettings.IndexEnabledEnum;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How HAPI stores and indexes resources. Defaults favour correctness a client can rely on; each
 * departure from HAPI's own default says why.
 */
@Configuration(proxyBeanMethods = false)
class StorageSettingsConfiguration {

	@Bean
	JpaStorageSettings storageSettings(ObjectProvider<StorageSettingsCustomizer> customizers) {
		JpaStorageSettings settings = new JpaStorageSettings();
		// A client that writes and then searches must see its write: HAPI would otherwise answer a
		// repeated search from a result set cached for a minute.
		settings.setReuseCachedSearchResultsForMillis(null);
		// The same for history: HAPI keeps a history's count for a minute and nothing forgets it on a
		// write, so a history read right after an update gives a stale total and drops the oldest
		// version from the page (HAPI issue 7897, fixed in 8.12). Counting each time is exact.
		settings.setHistoryCountMode(HistoryCountModeEnum.COUNT_ACCURATE);
		// :missing searches are rarely used and make every write index each absent parameter.
		settings.setIndexMissingFields(IndexEnabledEnum.DISABLED);
		// meta.source keeps the URI a client gives (searchable with _source), without HAPI's request
		// ID after a '#'. HAPI sets that ID on a version's row after queuing the row's insert, so every
		// version was written twice: inserted, then updated with the whole resource again. Nothing
		// here reads the ID; the audit trail records each request.
		settings.setStoreMetaSourceInformation(StoreMetaSourceInformationEnum.SOURCE_URI);
		settings.setAllowExternalReferences(false);
		settings.setAutoCreatePlaceholderReferenceTargets(false);
		settings.setEnforceReferentialIntegrityOnWrite(true);
		settings.setEnforceReferentialIntegrityOnDelete(true);
		customizers.orderedStream().forEach(customizer -> customizer.customize(settings));
		return settings;
	}

	/** One partition: tenants are not a concept of this server. */
	@Bean
	PartitionSettings partitionSettings() {
		return new PartitionSettings();
	}

	/** Binary content lives in the same database as the resources, so one backup covers both. */
	@Bean
	IBinaryStorageSvc binaryStorage() {
		return new DatabaseBinaryContentStorageSvcImpl();
	}

}
