package org.careplanfhir.server.apps;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The SMART care-plan app ({@code careplan.app.*}).
 *
 * @param enabled whether the server registers the app (client id {@code careplan-app}) with its
 * authorization server; its pages are served either way, but cannot sign in without it
 */
@ConfigurationProperties("careplan.app")
public record CarePlanAppProperties(@DefaultValue("true") boolean enabled) {
}
