package org.careplanfhir.server.conformance;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How writes are checked against profiles.
 *
 * @param mode which profiles a create, update or patch is validated against
 * @param unknownProfile what a write that claims a profile this server does not know gets; the
 * profiles it knows (the case-management package, US Core, any installed package) are always
 * checked when claimed
 * @param compiledChecks whether a write is first checked by the profiles compiled into direct checks,
 * which accept a conforming resource without the HL7 validator and hand anything else to it; off,
 * every write goes to the HL7 validator (same verdicts, slower)
 */
@Validated
@ConfigurationProperties("careplan.validation")
record ValidationProperties(@NotNull @DefaultValue("strict") Mode mode,
		@NotNull @DefaultValue("warn") UnknownProfile unknownProfile, @DefaultValue("true") boolean compiledChecks) {

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

	/** What a claim of a profile the server does not know means for the write. */
	enum UnknownProfile {

		/** The write is refused with 422, as it cannot be checked against what it claims. */
		REJECT,

		/**
		 * The write is stored, checked against everything else, and the answer warns that the claim was
		 * not checked: in the OperationOutcome asked for with {@code Prefer: return=OperationOutcome},
		 * or in a transaction or batch in the outcome of the entry that wrote the resource.
		 */
		WARN,

		/** The claim is left unchecked without a word. */
		IGNORE

	}

}
