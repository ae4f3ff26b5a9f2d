package org.careplanfhir.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * deploy/helm/careplan, linted and rendered by Helm's own code (helm-java runs Helm's Go library in
 * this JVM: no helm binary and no cluster needed), and the rendered manifests read back: what
 * deploy/README.md says the chart makes, for each way it can be set.
 */
class HelmChartTests {

	private static final Path CHART = Path.of(System.getProperty("helm.chart", "../helm/careplan"));

	@Test
	void theChartPassesHelmsStrictLint() {
		LintResult lint = new Helm(CHART).lint().strict().call();

		assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
	}

	@Test
	void byDefaultItRunsAtLeastTwoReplicasInClusterModeThatScaleAndAreNeverAllDisrupted() {
		Map<String, Map<String, Object>> manifests = render(Map.of());

		assertThat(manifests).containsOnlyKeys("Deployment", "HorizontalPodAutoscaler", "PodDisruptionBudget", "Service");
		Map<String, Object> autoscaler = manifests.get("HorizontalPodAutoscaler");
		assertThat(at(autoscaler, "spec", "minReplicas")).isEqualTo(2);
		assertThat(at(autoscaler, "spec", "scaleTargetRef", "kind")).isEqualTo("Deployment");
		assertThat(at(manifests.get("PodDisruptionBudget"), "spec", "minAvailable")).isEqualTo(1);
		Map<String, Object> container = container(manifests.get("Deployment"));
		Map<String, Object> environment = environment(container);
		assertThat(environment).containsEntry("CAREPLAN_CLUSTER_ENABLED", "true")
			.containsEntry("CAREPLAN_SEARCH_BACKEND", "elasticsearch")
			.containsEntry("CAREPLAN_FHIR_SERVER_ADDRESS", "https://fhir.example.org/fhir")
			.containsKeys("SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_PASSWORD", "CAREPLAN_CLUSTER_NODENAME");
		assertThat(at(container, "env")).asList().anySatisfy(variable -> assertThat(variable.toString())
			.contains("CAREPLAN_CLUSTER_NODENAME").contains("fieldPath=metadata.name"));
	}

	@Test
	void everyReplicaIsProbedBoundedAndUnprivileged() {
		Map<String, Object> deployment = render(Map.of()).get("Deployment");
		Map<String, Object> container = container(deployment);

		assertThat(at(container, "startupProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
		assertThat(at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
		assertThat(at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
		assertThat(at(container, "resources", "requests", "cpu")).isEqualTo("1");
		assertThat(at(container, "resources", "limits", "memory")).isEqualTo("2Gi");
		assertThat(at(deployment, "spec", "template", "spec", "securityContext", "runAsNonRoot")).isEqualTo(true);
		assertThat(at(deployment, "spec", "template", "spec", "securityContext", "runAsUser")).isEqualTo(10001);
		assertThat(at(container, "securityContext", "readOnlyRootFilesystem")).isEqualTo(true);
		assertThat(at(container, "securityContext", "allowPrivilegeEscalation")).isEqualTo(false);
		assertThat(at(container, "securityContext", "capabilities", "drop")).asList().containsExactly("ALL");
	}

	@Test
	void withoutAutoscalingTheDeploymentNamesItsReplicas() {
		Map<String, Map<String, Object>> manifests = render(Map.of("autoscaling.enabled", false, "cluster.replicas", 3));

		assertThat(manifests).doesNotContainKey("HorizontalPodAutoscaler");
		assertThat(at(manifests.get("Deployment"), "spec", "replicas")).isEqualTo(3);
	}

	@Test
	void outOfClusterModeItIsOneReplicaWithItsIndexOnAVolume() {
		Map<String, Map<String, Object>> manifests = render(Map.of("cluster.enabled", false));

		assertThat(manifests).containsOnlyKeys("StatefulSet", "Service");
		Map<String, Object> statefulSet = manifests.get("StatefulSet");
		assertThat(at(statefulSet, "spec", "replicas")).isEqualTo(1);
		assertThat(at(statefulSet, "spec", "volumeClaimTemplates")).asList().singleElement()
			.satisfies(claim -> assertThat(claim.toString()).contains("name=data").contains("storage=10Gi"));
		assertThat(environment(container(statefulSet))).doesNotContainKeys("CAREPLAN_CLUSTER_ENABLED",
				"CAREPLAN_SEARCH_BACKEND");
	}

	@Test
	void passwordsGivenAsValuesBecomeSecretsTheContainerReadsAndAreNeverInItsEnvironment() {
		List<Map<String, Object>> manifests = renderAll(Map.of("database.password", "database-secret-value",
				"search.username", "careplan", "search.password", "search-secret-value"));

		List<Map<String, Object>> secrets = manifests.stream().filter(manifest -> "Secret".equals(manifest.get("kind")))
			.toList();
		assertThat(secrets).extracting(secret -> at(secret, "metadata", "name"))
			.containsExactlyInAnyOrder("careplan-careplan-database", "careplan-careplan-search");
		assertThat(secrets.toString()).contains("database-secret-value", "search-secret-value");
		Map<String, Object> container = container(manifests.stream()
			.filter(manifest -> "Deployment".equals(manifest.get("kind"))).findFirst().orElseThrow());
		assertThat(at(container, "env").toString()).doesNotContain("secret-value")
			.contains("secretKeyRef={name=careplan-careplan-database, key=password}")
			.contains("secretKeyRef={name=careplan-careplan-search, key=password}");
	}

	@Test
	void anIngressWithTlsLeadsToTheService() {
		Map<String, Object> ingress = render(Map.of("ingress.enabled", true, "ingress.host", "fhir.hospital.example",
				"ingress.tlsSecret", "fhir-tls")).get("Ingress");

		assertThat(at(ingress, "spec", "tls").toString()).contains("fhir.hospital.example").contains("secretName=fhir-tls");
		assertThat(at(ingress, "spec", "rules").toString()).contains("host=fhir.hospital.example")
			.contains("name=careplan-careplan");
	}

	@Test
	void signingKeysFromASecretAreMountedReadOnlyAndNamed() {
		Map<String, Object> deployment = render(Map.of("signingKeys.existingSecret", "careplan-keys")).get("Deployment");

		assertThat(environment(container(deployment))).containsEntry("CAREPLAN_SECURITY_SIGNINGKEYS",
				"/etc/careplan/keys/signing-keys.json");
		assertThat(at(container(deployment), "volumeMounts").toString()).contains("mountPath=/etc/careplan/keys, readOnly=true");
		assertThat(at(deployment, "spec", "template", "spec", "volumes").toString()).contains("secretName=careplan-keys");
	}

	@Test
	void withoutAPublicAddressOrADatabaseTheChartRefusesToRenderAndSaysWhichIsMissing() {
		assertThatThrownBy(() -> render(Map.of("publicAddress", ""))).hasMessageContaining("publicAddress is required");
		assertThatThrownBy(() -> render(Map.of("database.url", ""))).hasMessageContaining("database.url is required");
	}

	/** The rendered manifests by kind (one of each kind is expected where this is used). */
	private static Map<String, Map<String, Object>> render(Map<String, Object> values) {
		Map<String, Map<String, Object>> byKind = new LinkedHashMap<>();
		for (Map<String, Object> manifest : renderAll(values)) {
			assertThat(byKind.put((String) manifest.get("kind"), manifest)).as("a second %s", manifest.get("kind")).isNull();
		}
		return byKind;
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> renderAll(Map<String, Object> values) {
		TemplateCommand template = new Helm(CHART).template().withName("careplan");
		values.forEach(template::set);
		List<Map<String, Object>> manifests = new ArrayList<>();
		for (Object document : new Yaml().loadAll(template.call())) {
			if (document != null) {
				manifests.add((Map<String, Object>) document);
			}
		}
		return manifests;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> container(Map<String, Object> workload) {
		List<Map<String, Object>> containers = (List<Map<String, Object>>) at(workload, "spec", "template", "spec", "containers");
		assertThat(containers).hasSize(1);
		return containers.get(0);
	}

	/** The container's variables: a value, or the description of where it comes from. */
	@SuppressWarnings("unchecked")
	private static Map<String, Object> environment(Map<String, Object> container) {
		Map<String, Object> variables = new LinkedHashMap<>();
		for (Map<String, Object> variable : (List<Map<String, Object>>) at(container, "env")) {
			variables.put((String) variable.get("name"),
					variable.containsKey("value") ? variable.get("value") : variable.get("valueFrom"));
		}
		return variables;
	}

	@SuppressWarnings("unchecked")
	private static Object at(Map<String, Object> node, String... path) {
		Object current = node;
		for (String key : path) {
			assertThat(current).as("%s in %s", key, String.join(".", path)).isInstanceOf(Map.class);
			current = ((Map<String, Object>) current).get(key);
		}
		return current;
	}

}
