package org.careplanfhir.server.search;

import java.util.List;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Built-in search parameters this server does not index or offer.
 *
 * @param retiredParameters ids of the specification's SearchParameters (as in
 * {@code http://hl7.org/fhir/SearchParameter/<id>}); a parameter shared by several types (such as
 * {@code individual-phonetic}) is retired for all of them. Every write pays for every parameter of
 * its type, searched or not; these are the ones no client of a case-management server asks for. A
 * parameter that defines a compartment (Patient's {@code link}, in the patient compartment) must stay:
 * patient-level export and compartment checks need it.
 */
@Validated
@ConfigurationProperties("careplan.search")
record RetiredSearchParameterProperties(@NotNull @DefaultValue({ "individual-phonetic", "Organization-phonetic",
		"individual-address-use", "Patient-language", "Practitioner-communication",
		"CarePlan-instantiates-canonical", "CarePlan-instantiates-uri", "ServiceRequest-instantiates-canonical",
		"ServiceRequest-instantiates-uri" }) List<String> retiredParameters) {
}
