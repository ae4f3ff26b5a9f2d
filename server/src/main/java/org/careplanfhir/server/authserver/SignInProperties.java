package org.careplanfhir.server.authserver;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the embedded authorization server resists password guessing, on its sign-in page and on the
 * admin API's HTTP Basic.
 *
 * @param maxFailuresPerAccount failed sign-ins to one account before it is locked
 * @param maxFailuresPerAddress failed sign-ins from one network address, to any accounts, before
 * that address is refused
 * @param lockout how long a lock lasts after the last failure that counts towards it
 * @param minPasswordLength the shortest password an account may be given
 */
@Validated
@ConfigurationProperties("careplan.security.sign-in")
public record SignInProperties(@Min(1) @DefaultValue("5") int maxFailuresPerAccount,
		@Min(1) @DefaultValue("20") int maxFailuresPerAddress, @NotNull @DefaultValue("15m") Duration lockout,
		@Min(8) @DefaultValue("12") int minPasswordLength) {
}
