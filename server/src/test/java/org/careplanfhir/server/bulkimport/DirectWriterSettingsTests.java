package org.careplanfhir.server.bulkimport;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.model.entity.StorageSettings.IndexEnabledEnum;
import ca.uhn.fhir.jpa.model.entity.StorageSettings.TagStorageModeEnum;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import org.junit.jupiter.api.Test;

/**
 * The direct writer stores the rows HAPI would store only under the settings it was proved against
 * ({@code DirectWriterDifferentialIntegrationTests}); under any other, imports go through
 * transactions. Each departure on its own must turn it off.
 */
class DirectWriterSettingsTests {

	@Test
	void theSettingsTheServerShipsWithAreReproduced() {
		assertThat(DirectWriter.reproduces(shipped(), new PartitionSettings())).isTrue();
	}

	@Test
	void tagsStoredInlineOrWithoutVersionsAreNotReproduced() {
		for (TagStorageModeEnum mode : new TagStorageModeEnum[] { TagStorageModeEnum.INLINE,
				TagStorageModeEnum.NON_VERSIONED }) {
			JpaStorageSettings settings = shipped();
			settings.setTagStorageMode(mode);
			assertThat(DirectWriter.reproduces(settings, new PartitionSettings())).as(mode.name()).isFalse();
		}
	}

	@Test
	void anIndexOfMissingValuesIsNotReproduced() {
		JpaStorageSettings settings = shipped();
		settings.setIndexMissingFields(IndexEnabledEnum.ENABLED);
		assertThat(DirectWriter.reproduces(settings, new PartitionSettings())).isFalse();
	}

	@Test
	void searchParametersInTheFullTextIndexAreNotReproduced() {
		JpaStorageSettings settings = shipped();
		settings.setHibernateSearchIndexSearchParams(true);
		assertThat(DirectWriter.reproduces(settings, new PartitionSettings())).isFalse();
	}

	@Test
	void partitionsAreNotReproduced() {
		PartitionSettings partitions = new PartitionSettings();
		partitions.setPartitioningEnabled(true);
		assertThat(DirectWriter.reproduces(shipped(), partitions)).isFalse();
	}

	/** HAPI's defaults with the one departure this server makes that the writer depends on. */
	private static JpaStorageSettings shipped() {
		JpaStorageSettings settings = new JpaStorageSettings();
		settings.setIndexMissingFields(IndexEnabledEnum.DISABLED);
		return settings;
	}

}
