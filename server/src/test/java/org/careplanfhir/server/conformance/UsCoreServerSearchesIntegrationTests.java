package org.careplanfhir.server.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import io.restassured.path.json.JsonPath;
import org.careplanfhir.server.FhirServerTest;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Element;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every search, read and {@code _revinclude} that the US Core 6.1.0 server CapabilityStatement says a
 * server SHALL support, read from the published package itself, run against a Synthea person (and
 * the US Core resources Synthea does not write): each search, built from the values of a stored
 * resource, finds that resource; a search with a date finds it with each comparator US Core's date
 * parameters SHALL support.
 */
class UsCoreServerSearchesIntegrationTests extends FhirServerTest {

	private static final String EXPECTATION = "http://hl7.org/fhir/StructureDefinition/capabilitystatement-expectation";

	private static final String COMBINATION = "http://hl7.org/fhir/StructureDefinition/capabilitystatement-search-parameter-combination";

	private static final FhirContext R4 = FhirContext.forR4Cached();

	/** Each comparator US Core's date parameters SHALL support, at day precision and with the value's month and year. */
	private static final List<String> DAY_COMPARATORS = List.of("ge", "le", "gt", "lt", "ge month", "le month", "ge year",
			"le year");

	@TestFactory
	Stream<DynamicTest> everyShallSearchOfTheUsCoreServerFindsTheResourceItsValuesCameFrom() throws IOException {
		SyntheaRecords.Loaded loaded = SyntheaRecords.usCore610(body -> fhir().body(body));
		List<DynamicTest> searches = new ArrayList<>();
		for (CapabilityStatementRestResourceComponent type : usCoreServer().getRestFirstRep().getResource()) {
			List<List<String>> shall = shallSearches(type);
			if (shall.isEmpty()) {
				continue;
			}
			List<String> ids = loaded.idsOf(type.getType());
			assertThat(ids).as("loaded %s to search", type.getType()).isNotEmpty();
			for (List<String> parameters : shall) {
				String name = type.getType() + "?" + String.join("+", parameters);
				List<String> comparators = parameters.stream().anyMatch(parameter -> isDate(type.getType(), parameter))
						? DAY_COMPARATORS : List.of("");
				for (String comparator : comparators) {
					searches.add(DynamicTest.dynamicTest(name + (comparator.isEmpty() ? "" : " (" + comparator + ")"),
							() -> findsItself(type.getType(), ids.get(0), parameters, comparator)));
				}
			}
		}
		assertThat(searches).hasSizeGreaterThanOrEqualTo(90);
		return searches.stream();
	}

	@TestFactory
	Stream<DynamicTest> everyShallReadAndProvenanceRevincludeOfTheUsCoreServerWorks() throws IOException {
		SyntheaRecords.Loaded loaded = SyntheaRecords.usCore610(body -> fhir().body(body));
		List<DynamicTest> checks = new ArrayList<>();
		for (CapabilityStatementRestResourceComponent type : usCoreServer().getRestFirstRep().getResource()) {
			boolean read = type.getInteraction().stream()
				.anyMatch(interaction -> interaction.getCode().toCode().equals("read") && isShall(interaction));
			if (read) {
				checks.add(DynamicTest.dynamicTest(type.getType() + " read", () -> {
					String id = loaded.idsOf(type.getType()).get(0);
					fhir().get("/" + type.getType() + "/" + id).then().statusCode(200);
				}));
			}
			for (int i = 0; i < type.getSearchRevInclude().size(); i++) {
				if ("Provenance:target".equals(type.getSearchRevInclude().get(i).getValue())
						&& isShall(type.getSearchRevInclude().get(i))) {
					checks.add(DynamicTest.dynamicTest(type.getType() + "?_revinclude=Provenance:target",
							() -> revincludesItsProvenance(type.getType(), loaded.idsOf(type.getType()).get(0))));
				}
			}
		}
		assertThat(checks).hasSizeGreaterThanOrEqualTo(35);
		return checks.stream();
	}

	@Test
	void theCapabilityStatementInstantiatesTheUsCoreServer() {
		assertThat(fhir().get("/metadata").jsonPath().getList("instantiates", String.class))
			.contains("http://hl7.org/fhir/us/core/CapabilityStatement/us-core-server|6.1.0");
	}

	private void findsItself(String type, String id, List<String> parameters, String comparator) {
		Resource stored = (Resource) R4.newJsonParser()
			.parseResource(fhir().get("/" + type + "/" + id).then().statusCode(200).extract().asString());
		Map<String, String> query = new LinkedHashMap<>();
		for (String parameter : parameters) {
			String value = searchValue(stored, parameter);
			query.put(parameter, isDate(type, parameter) ? aroundTheDay(comparator, value) : value);
		}
		JsonPath found = fhir().queryParams(query)
			.queryParam("_count", 500)
			.get("/" + type)
			.then()
			.statusCode(200)
			.extract()
			.jsonPath();
		assertThat(found.getList("entry.resource.id", String.class)).as("%s?%s", type, query).contains(id);
	}

	private void revincludesItsProvenance(String type, String id) {
		JsonPath found = fhir().get("/" + type + "?_id=" + id + "&_revinclude=Provenance:target")
			.then()
			.statusCode(200)
			.extract()
			.jsonPath();
		assertThat(found.getList("entry.resource.resourceType", String.class)).contains(type, "Provenance");
		assertThat(found.getList("entry.findAll { it.resource.resourceType == 'Provenance' }.resource.target.reference.flatten()",
				String.class)).contains(type + "/" + id);
	}

	/** The value a client would send to find this resource by the parameter, taken from the resource. */
	private static String searchValue(Resource resource, String parameter) {
		if (parameter.equals("_id")) {
			return resource.getIdElement().getIdPart();
		}
		RuntimeSearchParam definition = R4.getResourceDefinition(resource).getSearchParam(parameter);
		assertThat(definition).as("R4 search parameter %s", parameter).isNotNull();
		// resolve() needs the referenced resource; the reference itself is what a search names.
		String path = definition.getPath().replaceAll("\\.where\\(resolve\\(\\) is \\w+\\)", "");
		List<Base> values = R4.newFhirPath().evaluate(resource, path, Base.class);
		assertThat(values).as("%s of %s (%s)", parameter, resource.fhirType(), path).isNotEmpty();
		Base value = values.get(0);
		return switch (definition.getParamType()) {
			case REFERENCE -> ((Reference) value).getReference();
			case TOKEN -> token(value);
			case STRING -> value instanceof HumanName name ? name.getFamily()
					: value instanceof Address address ? address.getCity() : ((PrimitiveType<?>) value).getValueAsString();
			case DATE -> value instanceof Period period ? period.getStartElement().getValueAsString()
					: ((PrimitiveType<?>) value).getValueAsString();
			default -> throw new AssertionError("No value for a " + definition.getParamType() + " parameter");
		};
	}

	private static boolean isDate(String type, String parameter) {
		RuntimeSearchParam definition = R4.getResourceDefinition(type).getSearchParam(parameter);
		return definition != null && definition.getParamType() == RestSearchParameterTypeEnum.DATE;
	}

	/**
	 * The date search US Core's own examples make, with the comparators its date parameters SHALL
	 * support: on the day of the value, or the day before or after it; or {@code ge}/{@code le} with
	 * the value's month or year, which must cover the whole month or year.
	 */
	private static String aroundTheDay(String comparator, String value) {
		LocalDate day = LocalDate.parse(value.substring(0, 10));
		return switch (comparator) {
			case "ge", "le" -> comparator + day;
			case "ge month", "le month" -> comparator.substring(0, 2) + day.toString().substring(0, 7);
			case "ge year", "le year" -> comparator.substring(0, 2) + day.getYear();
			case "gt" -> "gt" + day.minusDays(1);
			case "lt" -> "lt" + day.plusDays(1);
			default -> throw new IllegalArgumentException(comparator);
		};
	}

	private static String token(Base value) {
		if (value instanceof CodeableConcept concept) {
			return token(concept.getCodingFirstRep());
		}
		if (value instanceof Coding coding) {
			return coding.getSystem() + "|" + coding.getCode();
		}
		if (value instanceof Identifier identifier) {
			return identifier.getSystem() + "|" + identifier.getValue();
		}
		return ((PrimitiveType<?>) value).getValueAsString();
	}

	/** Each SHALL search: a single parameter, or a combination of them. */
	private static List<List<String>> shallSearches(CapabilityStatementRestResourceComponent type) {
		List<List<String>> searches = new ArrayList<>();
		type.getSearchParam().stream()
			.filter(UsCoreServerSearchesIntegrationTests::isShall)
			.forEach(parameter -> searches.add(List.of(parameter.getName())));
		for (Extension combination : type.getExtensionsByUrl(COMBINATION)) {
			if (isShall(combination)) {
				searches.add(combination.getExtensionsByUrl("required")
					.stream()
					.map(required -> required.getValue().primitiveValue())
					.toList());
			}
		}
		return searches;
	}

	private static boolean isShall(Element element) {
		return element.getExtensionsByUrl(EXPECTATION)
			.stream()
			.anyMatch(expectation -> "SHALL".equals(expectation.getValue().primitiveValue()));
	}

	private static CapabilityStatement usCoreServer() throws IOException {
		try (InputStream tgz = UsCoreServerSearchesIntegrationTests.class
			.getResourceAsStream("/careplan/packages/hl7.fhir.us.core-6.1.0.tgz")) {
			NpmPackage usCore = NpmPackage.fromPackage(tgz);
			try (InputStream json = usCore.loadResource("CapabilityStatement-us-core-server.json")) {
				return R4.newJsonParser().parseResource(CapabilityStatement.class, json);
			}
		}
	}

}
