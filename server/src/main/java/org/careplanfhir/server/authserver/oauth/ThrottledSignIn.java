package org.careplanfhir.server.authserver.oauth;

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

	ThrottledSignIn(AuthenticationProvider passwords, SignInThrottle throttle) {
		this.passwords = passwords;
		this.throttle = throttle;
	}

	@Override
	public Authentication authenticate(Authentication attempt) throws AuthenticationException {
		String address = attempt.getDetails() instanceof WebAuthenticationDetails details ? details.getRemoteAddress() : null;
		if (throttle.locked(attempt.getName(), address)) {
			throw new LockedException("Too many failed sign-ins");
		}
		try {
			Authentication authenticated = passwords.authenticate(attempt);
			throttle.succeeded(attempt.getName());
			return authenticated;
		}
		catch (BadCredentialsException wrong) {
			throttle.failed(attempt.getName(), address);
			throw wrong;
		}
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return passwords.supports(authentication);
	}

}
