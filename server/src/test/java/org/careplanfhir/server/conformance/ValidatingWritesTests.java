package org.careplanfhir.server.conformance;

import org.careplanfhir.server.conformance.rules.WorkflowRule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.model.util.JpaConstants;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.careplanfhir.server.conformance.ValidationProperties.Mode;
import org.careplanfhir.server.conformance.ValidationProperties.UnknownProfile;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What each validation mode sends to the validator and how errors become a 422, with a stub in
 * place of the HL7 validator: the modes' choices, not the profiles, are under test here.
 */
class ValidatingWritesTests {

	private static final FhirContext FHIR = FhirContext.forR4Cached();

	private static final String NURSE_PLAN = "http://careplan-fhir.org/fhir/StructureDefinition/nurse-cm-careplan";

	private static final String CM_PLAN = "http://careplan-fhir.org/fhir/StructureDefinition/cm-careplan";

	private final StubValidator validator = new StubValidator();

	private final SystemRequestDetails request = new SystemRequestDetails();

	@Test
	void strictModeValidatesEveryWriteAgainstTheProfileItsSpecialtyImplies() {
		ValidatingWrites writes = writes(Mode.STRICT);

		writes.beforeCreate(nursePlan(), request);

		assertThat(validator.calls).containsExactly(List.of(NURSE_PLAN));
	}

	@Test
	void declaredOnlyModeLeavesUnclaimedResourcesAlone() {
		ValidatingWrites writes = writes(Mode.DECLARED_ONLY);

		writes.beforeCreate(nursePlan(), request);

		assertThat(validator.calls).isEmpty();
	}

	@Test
	void declaredOnlyModeValidatesAClaimAgainstTheClaimedProfilesOnly() {
		ValidatingWrites writes = writes(Mode.DECLARED_ONLY);
		CarePlan claimed = nursePlan();
		claimed.getMeta().addProfile(CM_PLAN);

		writes.beforeUpdate(new CarePlan(), claimed, request);

		// The claim in meta.profile is the validator's to read; nothing implied is added.
		assertThat(validator.calls).containsExactly(List.of());
	}

	@Test
	void offModeRegistersNoCheckAtAll() {
		RestfulServer off = new RestfulServer(FHIR);
		writes(Mode.OFF).customize(off);
		RestfulServer strict = new RestfulServer(FHIR);
		ValidatingWrites strictWrites = writes(Mode.STRICT);
		strictWrites.customize(strict);

		assertThat(off.getInterceptorService().getAllRegisteredInterceptors())
			.noneMatch(ValidatingWrites.class::isInstance);
		assertThat(strict.getInterceptorService().getAllRegisteredInterceptors()).contains(strictWrites);
	}

	@Test
	void codeSystemLoadsAreNotValidated() {
		request.setOperation(JpaConstants.OPERATION_UPLOAD_EXTERNAL_CODE_SYSTEM);

		writes(Mode.STRICT).beforeCreate(nursePlan(), request);

		assertThat(validator.calls).isEmpty();
	}

	@Test
	void profileErrorsAndBrokenRulesRejectTheWriteWithASummaryFirst() {
		validator.errors.add(new ProfileValidator.ProfileError("CarePlan.category[1]", "Slice specialty: missing"));
		WorkflowRule rule = (caller, previous, resource) -> List
			.of(new WorkflowRule.RuleViolation("cm-some-rule", "CarePlan.status", "not while the goal is open"));
		ValidatingWrites writes = new ValidatingWrites(new ValidationProperties(Mode.STRICT, UnknownProfile.WARN, true), validator, List.of(rule),
				FHIR, List.of());

		UnprocessableEntityException rejected = assertThrows(UnprocessableEntityException.class,
				() -> writes.beforeCreate(nursePlan(), request));

		OperationOutcome outcome = (OperationOutcome) rejected.getOperationOutcome();
		assertThat(outcome.getIssue()).extracting(issue -> issue.getCode())
			.containsExactly(IssueType.INVALID, IssueType.PROCESSING, IssueType.BUSINESSRULE);
		assertThat(outcome.getIssueFirstRep().getDiagnostics()).startsWith("CarePlan was not stored: 2 errors")
			.contains(NURSE_PLAN, "CarePlan.category[1]: Slice specialty: missing",
					"CarePlan.status: cm-some-rule: not while the goal is open");
		assertThat(outcome.getIssue().get(2).getExpression().get(0).getValue()).isEqualTo("CarePlan.status");
	}

	@Test
	void workflowRulesRunEvenWhereProfilesAreNotChecked() {
		WorkflowRule rule = (caller, previous, resource) -> List
			.of(new WorkflowRule.RuleViolation("cm-some-rule", null, "refused"));
		ValidatingWrites writes = new ValidatingWrites(new ValidationProperties(Mode.DECLARED_ONLY, UnknownProfile.WARN, true), validator,
				List.of(rule), FHIR, List.of());

		assertThrows(UnprocessableEntityException.class, () -> writes.beforeCreate(nursePlan(), request));
		assertThat(validator.calls).isEmpty();
	}

	@Test
	void aValidWriteGoesThrough() {
		assertThatNoException().isThrownBy(() -> writes(Mode.STRICT).beforeCreate(nursePlan(), request));
	}

	@Test
	void anUnknownProfileIsRefusedWarnedOfOrIgnoredAsConfigured() {
		String local = "http://hospital.example.org/StructureDefinition/local-careplan";
		validator.unknown.add(local);
		CarePlan claimed = nursePlan();
		claimed.getMeta().addProfile(local);

		UnprocessableEntityException rejected = assertThrows(UnprocessableEntityException.class,
				() -> writes(Mode.DECLARED_ONLY, UnknownProfile.REJECT).beforeCreate(claimed, request));
		assertThat(((OperationOutcome) rejected.getOperationOutcome()).getIssue().get(1).getDiagnostics())
			.contains(local, "not known to this server");

		SystemRequestDetails warned = new SystemRequestDetails();
		writes(Mode.DECLARED_ONLY, UnknownProfile.WARN).beforeCreate(claimed, warned);
		OperationOutcome answer = new OperationOutcome();
		new WriteWarnings().addToTheAnswer(warned, answer);
		assertThat(answer.getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.WARNING);
		assertThat(answer.getIssueFirstRep().getDiagnostics()).contains(local, "stored without being checked");

		SystemRequestDetails ignored = new SystemRequestDetails();
		writes(Mode.DECLARED_ONLY, UnknownProfile.IGNORE).beforeCreate(claimed, ignored);
		OperationOutcome silent = new OperationOutcome();
		new WriteWarnings().addToTheAnswer(ignored, silent);
		assertThat(silent.getIssue()).isEmpty();
	}

	private ValidatingWrites writes(Mode mode, UnknownProfile unknownProfile) {
		return new ValidatingWrites(new ValidationProperties(mode, unknownProfile, true), validator, List.of(), FHIR, List.of());
	}

	private ValidatingWrites writes(Mode mode) {
		return new ValidatingWrites(new ValidationProperties(mode, UnknownProfile.WARN, true), validator, List.of(), FHIR, List.of());
	}

	private static CarePlan nursePlan() {
		CarePlan plan = new CarePlan();
		plan.addCategory(
				new CodeableConcept(new Coding("http://careplan-fhir.org/fhir/CodeSystem/cm-specialty", "nurse-cm", null)));
		return plan;
	}

	/** Records the extra profiles of each call and answers the errors it is given. */
	private static final class StubValidator implements ProfileValidator {

		final List<List<String>> calls = new ArrayList<>();

		final List<ProfileError> errors = new ArrayList<>();

		final List<String> unknown = new ArrayList<>();

		@Override
		public Findings validate(IBaseResource resource, Collection<String> additionalProfiles) {
			calls.add(List.copyOf(additionalProfiles));
			return new Findings(errors, List.of());
		}

		@Override
		public List<String> unknownProfiles(IBaseResource resource) {
			return unknown;
		}

	}

}
