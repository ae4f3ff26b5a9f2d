package org.careplanfhir.server.fhir;

import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.util.ResourceUtil;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

import org.careplanfhir.server.FhirServerTest;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

class ParsedResourcesKeepNoRawJsonIntegrationTests extends FhirServerTest {

	@Autowired
	FhirContext fhirContext;

	@Autowired
	IValidationSupport validationSupport;

	@Autowired
	DaoRegistry daos;

	@Test
	void aResourceParsedByTheServersContextKeepsNoCopyOfItsJson() {
		Patient parsed = fhirContext.newJsonParser()
			.parseResource(Patient.class, "{\"resourceType\":\"Patient\",\"active\":true}");

		assertThat(fhirContext.isStoreResourceJson()).isFalse();
		assertThat(ResourceUtil.getRawStringFromResourceOrNull(parsed)).isNull();
		assertThat(parsed.getActive()).isTrue();
	}

	@Test
	void aResourceReadFromTheDatabaseKeepsNoCopyOfItsJson() {
		String id = create("Patient", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Raw\"}]}");

		IBaseResource read = daos.getResourceDao("Patient").read(new IdType("Patient", id), new SystemRequestDetails());

		assertThat(ResourceUtil.getRawStringFromResourceOrNull(read)).isNull();
		assertThat(((Patient) read).getNameFirstRep().getFamily()).isEqualTo("Raw");
	}

	@Test
	void theConformanceResourcesHeldForTheServersLifetimeKeepNoCopyOfTheirJson() {
		List<IBaseResource> definitions = validationSupport.fetchAllStructureDefinitions();

		assertThat(definitions).hasSizeGreaterThan(600);
		assertThat(definitions).allSatisfy(definition -> assertThat(ResourceUtil.getRawStringFromResourceOrNull(definition))
			.as(definition.getIdElement().getValue())
			.isNull());
	}

}
