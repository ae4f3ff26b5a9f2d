package org.careplanfhir.server.security.scopes;

import java.util.List;
import java.util.Set;

import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import org.junit.jupiter.api.Test;

import org.careplanfhir.server.security.policy.AccessPolicy;
import org.careplanfhir.server.security.policy.FhirAccess;
import org.careplanfhir.server.security.policy.Refusals;
import org.careplanfhir.server.security.policy.SmartScope.Permission;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the security core asks the contributed access policies, without a server. */
class ContributedPoliciesTests {

	/** A capability's policy: {@code $report} needs read access to Measure. */
	private static final AccessPolicy REPORTS = new AccessPolicy() {

		@Override
		public Set<String> operations() {
			return Set.of("$report");
		}

		@Override
		public void checkInvocation(String operation, String type, FhirAccess access) {
			Refusals.require(access, "Measure", Permission.READ);
		}

	};

	private final ContributedPolicies policies = new ContributedPolicies(List.of(REPORTS, new PatientRecordOperations()));

	@Test
	void anOperationWithAPolicyIsDecidedByIt() {
		assertThatCode(() -> policies.checkInvocation(access("patient/Measure.r"), "$report", null)).doesNotThrowAnyException();
		assertThatThrownBy(() -> policies.checkInvocation(access("patient/Patient.r"), "$report", null))
			.isInstanceOf(ForbiddenOperationException.class)
			.hasMessageContaining("'r' on Measure");
	}

	@Test
	void anOperationWithoutAPolicyNeedsEveryPermissionUnconfined() {
		for (String scopes : List.of("patient/*.cruds", "user/*.cruds", "system/Patient.rs", "system/Patient.crud")) {
			assertThatThrownBy(() -> policies.checkInvocation(access(scopes), "$expunge", "Patient")).as(scopes)
				.isInstanceOf(ForbiddenOperationException.class)
				.hasMessageContaining("every permission on Patient");
		}
		assertThatCode(() -> policies.checkInvocation(access("system/Patient.cruds"), "$expunge", "Patient"))
			.doesNotThrowAnyException();
		// At system level, on every type.
		assertThatThrownBy(() -> policies.checkInvocation(access("system/Patient.cruds"), "$reindex", null))
			.hasMessageContaining("every permission on *");
	}

	@Test
	void theCoresOwnPolicyLetsAPatientReadItsRecordAndTags() {
		assertThatCode(() -> policies.checkInvocation(access("patient/Patient.r"), "$everything", "Patient"))
			.doesNotThrowAnyException();
		assertThatThrownBy(() -> policies.checkInvocation(access("patient/Goal.r"), "$everything", "Patient"))
			.hasMessageContaining("'r' on Patient");
		assertThatThrownBy(() -> policies.checkInvocation(access("patient/Goal.r"), "$meta", null))
			.hasMessageContaining("'r' on *");
	}

	@Test
	void twoPoliciesMayNotClaimOneOperation() {
		assertThatIllegalStateException().isThrownBy(() -> new ContributedPolicies(List.of(REPORTS, REPORTS)))
			.withMessageContaining("$report has two access policies");
	}

	private static FhirAccess access(String scopes) {
		return FhirAccess.of(List.of(scopes.split(" ")), "p1", Set::of, "client");
	}

}
