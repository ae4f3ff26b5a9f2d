package org.careplanfhir.server.conformance;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How writes are checked against profiles.
 *
 * @param mode which profiles a create, update or patch is validated against
 */
@Validated
@ConfigurationProperties("careplan.validation")
record ValidationProperties(@NotNull @DefaultValue("strict") Mode mode) {

	enum Mode {

		/**
		 * Every write is validated against the base specification, every profile in its
		 * {@code meta.profile}, and the specialty profile its case-management specialty code implies.
		 */
		STRICT,

		/** Only writes that claim profiles in {@code meta.profile} are validated, against those. */
		DECLARED_ONLY,

		/** No profile validation and no workflow rules: for loading data already checked elsewhere. */
		OFF

	}

}
