package org.careplanfhir.server.security.policy;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.careplanfhir.server.security.policy.SmartScope.Context;
import org.careplanfhir.server.security.policy.SmartScope.Permission;

import static org.assertj.core.api.Assertions.assertThat;

/** Scope parsing and coverage, without a server. */
class SmartScopeTests {

	@Test
	void version1ScopesMeanTheirVersion2Letters() {
		assertThat(SmartScope.parse("patient/CarePlan.read")).contains(
				new SmartScope(Context.PATIENT, "CarePlan", EnumSet.of(Permission.READ, Permission.SEARCH), null));
		assertThat(SmartScope.parse("user/Goal.write")).contains(new SmartScope(Context.USER, "Goal",
				EnumSet.of(Permission.CREATE, Permission.UPDATE, Permission.DELETE), null));
		assertThat(SmartScope.parse("system/*.*").orElseThrow().permissions()).isEqualTo(EnumSet.allOf(Permission.class));
	}

	@Test
	void version2ScopesKeepTheirLettersAndGranularFilter() {
		SmartScope scope = SmartScope.parse("patient/Observation.rs?category=vital-signs").orElseThrow();
		assertThat(scope.permissions()).containsExactlyInAnyOrder(Permission.READ, Permission.SEARCH);
		assertThat(scope.filter()).isEqualTo("category=vital-signs");
		assertThat(scope.grants("Observation", Permission.SEARCH)).isTrue();
		assertThat(scope.grants("Observation", Permission.CREATE)).isFalse();
		assertThat(scope.grants("Condition", Permission.READ)).isFalse();
	}

	@Test
	void scopesThatNameNoResourcesOrBreakTheSyntaxMeanNothing() {
		for (String notAResourceScope : List.of("openid", "launch/patient", "fhirUser", "offline_access",
				"patient/CarePlan.", "patient/careplan.rs", "admin/*.rs", "patient/*.sr", "patient/*.x")) {
			assertThat(SmartScope.parse(notAResourceScope)).as(notAResourceScope).isEmpty();
		}
	}

	@Test
	void aRegisteredScopeCoversNarrowerRequestsOfTheSameContextOnly() {
		Set<String> registered = Set.of("patient/*.rs", "system/CarePlan.cruds");
		assertThat(SmartScope.allowedBy(registered, "patient/CarePlan.rs?category=assess-plan")).isTrue();
		assertThat(SmartScope.allowedBy(registered, "patient/CarePlan.r")).isTrue();
		assertThat(SmartScope.allowedBy(registered, "patient/CarePlan.cruds")).isFalse();
		assertThat(SmartScope.allowedBy(registered, "user/CarePlan.rs")).isFalse();
		assertThat(SmartScope.allowedBy(registered, "system/Goal.rs")).isFalse();
		assertThat(SmartScope.allowedBy(registered, "system/CarePlan.rs")).isTrue();
		assertThat(SmartScope.allowedBy(Set.of("patient/CarePlan.rs?category=a"), "patient/CarePlan.rs?category=b"))
			.isFalse();
	}

	@Test
	void accessConfinesPatientAndUserScopesToTheirPatients() {
		FhirAccess patient = FhirAccess.of(List.of("patient/*.rs"), "p1", Set::of, "app");
		assertThat(patient.grants("CarePlan", Permission.READ)).isTrue();
		assertThat(patient.grantsUnconfined("CarePlan", Permission.READ)).isFalse();
		assertThat(patient.confinedPatients("CarePlan", Permission.READ)).containsExactly("p1");
		assertThat(patient.isBackendService()).isFalse();

		FhirAccess manager = FhirAccess.of(List.of("user/*.cruds"), null, () -> Set.of("p1", "p2"), "app");
		assertThat(manager.confinedPatients("Goal", Permission.UPDATE)).containsExactlyInAnyOrder("p1", "p2");

		FhirAccess backend = FhirAccess.of(List.of("system/Patient.rs", "system/Observation.rs?category=labs"), null,
				Set::of, "svc");
		assertThat(backend.isBackendService()).isTrue();
		assertThat(backend.grantsEverything(Permission.READ)).isFalse();
		assertThat(backend.unconfinedFiltersOn("Observation", Permission.SEARCH)).containsExactly("category=labs");
		assertThat(backend.unconfinedFiltersOn("Patient", Permission.SEARCH)).isEmpty();
	}

}
