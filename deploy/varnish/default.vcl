vcl 4.1;

# Varnish in front of Relato (README, "CDN"). Needs vmod_xkey (Debian: varnish-modules).
#
# Caches Relato's public answers for as long as their Cache-Control says (30 s for the public API,
# pages, embeds, feeds, oEmbed and kits; 5 min for public media files), each kept under the keys
# of its Surrogate-Key header. When an item's visibility or public fields change, Relato sends
#   PURGE /  with  xkey-purge: stories/<id> gallery campaigns/<slug> ...
# to every address in CACHE_PURGE_URLS (e.g. http://127.0.0.1:6081/), before the changing
# request returns: from the next request on, no cached answer shows the withdrawn item.

import xkey;

# Relato itself. Edit the address (the Varnish test writes its own port here).
backend relato {
  .host = "127.0.0.1";
  .port = "3000";
  .connect_timeout = 2s;
  .first_byte_timeout = 60s;
}

# Who may purge: the Relato servers. Everyone else gets 403.
acl purgers {
  "127.0.0.1";
  "::1";
}

sub vcl_recv {
  if (req.method == "PURGE") {
    if (client.ip !~ purgers) {
      return (synth(403, "Forbidden"));
    }
    if (!req.http.xkey-purge) {
      return (synth(400, "xkey-purge header required"));
    }
    set req.http.n-gone = xkey.purge(req.http.xkey-purge);
    return (synth(200, "Purged " + req.http.n-gone + " objects"));
  }

  # Only reads are ever cached; everything else (forms, uploads, the admin's writes) goes through.
  if (req.method != "GET" && req.method != "HEAD") {
    return (pass);
  }

  # Never cached: the admin, the staff's API (all of /api/ except the public API and the public
  # media files, which say themselves whether they are public), the storytellers' own pages, and
  # anything asked with a session, a key or credentials.
  if (req.url ~ "^/admin" ||
      (req.url ~ "^/api/" && req.url !~ "^/api/public/" && req.url !~ "^/api/media/file/") ||
      req.url ~ "^/api/public/(submissions|my-story)" ||
      req.url ~ "^/(my-story|submit)([/?]|$)" ||
      req.http.Cookie ||
      req.http.Authorization ||
      req.http.X-Relato-Key) {
    return (pass);
  }
  return (hash);
}

sub vcl_backend_response {
  # Honour Cache-Control: only what says `public` with a lifetime is kept (Varnish would otherwise
  # keep an answer without one for its default TTL).
  if (beresp.http.Set-Cookie ||
      beresp.http.Cache-Control !~ "(?i)\bpublic\b" ||
      beresp.http.Cache-Control ~ "(?i)(no-store|no-cache|private)") {
    set beresp.uncacheable = true;
    set beresp.ttl = 0s;
    return (deliver);
  }
  # xkey indexes the `xkey` header: Relato names the keys in Surrogate-Key (what Fastly reads too).
  if (beresp.http.Surrogate-Key) {
    set beresp.http.xkey = beresp.http.Surrogate-Key;
  }
  # No grace: a purged or expired answer is never served while a fresh one is fetched.
  set beresp.grace = 0s;
  return (deliver);
}

sub vcl_deliver {
  unset resp.http.xkey;
  if (obj.hits > 0) {
    set resp.http.X-Cache = "HIT";
  } else {
    set resp.http.X-Cache = "MISS";
  }
}
