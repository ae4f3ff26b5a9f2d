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
 * @param forwardedLinks whether links take their base from the {@code Forwarded} or
 * {@code X-Forwarded-Host/-Proto/-Port/-Prefix} headers when a request has them; only for a server
 * reached solely through a reverse proxy that sets or strips these headers. Tokens keep
 * {@code serverAddress} as issuer and audience
 * @param defaultPageSize search results per page when the client gives no {@code _count}
 * @param maxPageSize the largest {@code _count} honoured
 * @param maxIncludedPerPage the most resources {@code _include} and {@code _revinclude} add to one page;
 * a page that would need more is refused (422), never cut short
 * @param corsAllowedOrigins origin patterns browsers may call the endpoint from
 */
@Validated
@ConfigurationProperties("careplan.fhir")
record FhirServerProperties(String serverAddress, @DefaultValue("false") boolean forwardedLinks, @Min(1) @DefaultValue("20") int defaultPageSize,
		@Min(1) @Max(5000) @DefaultValue("500") int maxPageSize,
		@Min(1) @DefaultValue("10000") int maxIncludedPerPage,
		@DefaultValue("*") List<String> corsAllowedOrigins) {
}
