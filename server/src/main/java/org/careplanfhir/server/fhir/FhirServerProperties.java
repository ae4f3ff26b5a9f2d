package org.careplanfhir.server.fhir;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the FHIR endpoint at {@code /fhir}.
 *
 * @param serverAddress the public base URL written into links and {@code Location} headers (and,
 * with security on, the tokens' issuer and audience); empty only with security off, when it is
 * taken from each request (honouring {@code server.forward-headers-strategy})
 * @param defaultPageSize search results per page when the client gives no {@code _count}
 * @param maxPageSize the largest {@code _count} honoured
 * @param corsAllowedOrigins origin patterns browsers may call the endpoint from
 */
@Validated
@ConfigurationProperties("careplan.fhir")
record FhirServerProperties(String serverAddress, @Min(1) @DefaultValue("20") int defaultPageSize,
		@Min(1) @Max(5000) @DefaultValue("500") int maxPageSize,
		@DefaultValue("*") List<String> corsAllowedOrigins) {
}
