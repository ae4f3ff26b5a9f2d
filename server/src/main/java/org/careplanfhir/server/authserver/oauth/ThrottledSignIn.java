package org.careplanfhir.server.authserver.oauth;

import java.util.List;

import org.careplanfhir.server.web.AuditableActivity;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Checks an account's password (sign-in page and admin HTTP Basic) through the given provider, and
 * tells the {@link SignInThrottle} how it went.
 */
final class ThrottledSignIn implements AuthenticationProvider {

	private final AuthenticationProvider passwords;

	private final SignInThrottle throttle;

	private final ApplicationEventPublisher events;

	ThrottledSignIn(AuthenticationProvider passwords, SignInThrottle throttle, ApplicationEventPublisher events) {
		this.passwords = passwords;
		this.throttle = throttle;
		this.events = events;
	}

	@Override
	public Authentication authenticate(Authentication attempt) throws AuthenticationException {
		String address = attempt.getDetails() instanceof WebAuthenticationDetails details ? details.getRemoteAddress() : null;
		if (throttle.locked(attempt.getName(), address)) {
			announce(attempt, "Too many failed sign-ins: the account is locked for now");
			throw new LockedException("Too many failed sign-ins");
		}
		try {
			Authentication authenticated = passwords.authenticate(attempt);
			throttle.succeeded(attempt.getName());
			announce(attempt, null);
			return authenticated;
		}
		catch (AuthenticationException wrong) {
			if (wrong instanceof BadCredentialsException) {
				throttle.failed(attempt.getName(), address);
			}
			announce(attempt, "Sign-in refused: " + wrong.getMessage());
			throw wrong;
		}
	}

	/** Tells the audit trail of a sign-in, refused when there is a reason. */
	private void announce(Authentication attempt, String refusal) {
		events.publishEvent(new AuditableActivity(AuditableActivity.Kind.SIGN_IN, refusal == null, refusal,
				attempt.getName(), null, null, List.of()));
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return passwords.supports(authentication);
	}

}
