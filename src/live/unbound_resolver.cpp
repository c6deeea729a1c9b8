#include "live/unbound_resolver.hpp"

#include <dlfcn.h>
#include <poll.h>
#include <unbound.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "model/rrtype.hpp"

namespace zl::live {

namespace {

// libunbound's functions, from the library loaded when a run first resolves (--resolve), not
// when the program starts. Why: linked, the library and those it pulls in (libevent, nettle,
// hogweed, gmp) were loaded by every run, ~0.46 ms of each start-up, for a mode few runs use
// (10,000 small zones: ~0.2% of a run, all of it before anything can run in parallel).
// ZONELINT_UNBOUND_SONAME is the soname of the library the build found (CMakeLists.txt); the
// Debian package depends on it by name (packaging/install.cmake: dpkg-shlibdeps sees only
// linked libraries).
struct Unbound {
  decltype(&ub_ctx_create) ctx_create = nullptr;
  decltype(&ub_ctx_delete) ctx_delete = nullptr;
  decltype(&ub_ctx_set_option) ctx_set_option = nullptr;
  decltype(&ub_ctx_set_fwd) ctx_set_fwd = nullptr;
  decltype(&ub_ctx_resolvconf) ctx_resolvconf = nullptr;
  decltype(&ub_ctx_add_ta_file) ctx_add_ta_file = nullptr;
  decltype(&ub_ctx_async) ctx_async = nullptr;
  decltype(&ub_resolve_async) resolve_async = nullptr;
  decltype(&ub_resolve_free) resolve_free = nullptr;
  decltype(&ub_strerror) strerror = nullptr;
  decltype(&ub_fd) fd = nullptr;
  decltype(&ub_process) process = nullptr;
  decltype(&ub_cancel) cancel = nullptr;
};

// Loads the library once (throws std::runtime_error when it cannot: the run stops with that
// message, as for a resolver that cannot start; the next call tries again). It stays loaded.
const Unbound& unbound() {
  static const Unbound lib = [] {
    void* handle = dlopen(ZONELINT_UNBOUND_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      const char* why = dlerror();
      throw std::runtime_error(std::string("--resolve needs libunbound (") +
                               ZONELINT_UNBOUND_SONAME + "): " + (why ? why : "cannot load it"));
    }
    Unbound u;
    const auto get = [&](auto& fn, const char* name) {
      void* symbol = dlsym(handle, name);
      if (symbol == nullptr)
        throw std::runtime_error(std::string("--resolve: ") + ZONELINT_UNBOUND_SONAME + " has no " +
                                 name);
      fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(symbol);
    };
    get(u.ctx_create, "ub_ctx_create");
    get(u.ctx_delete, "ub_ctx_delete");
    get(u.ctx_set_option, "ub_ctx_set_option");
    get(u.ctx_set_fwd, "ub_ctx_set_fwd");
    get(u.ctx_resolvconf, "ub_ctx_resolvconf");
    get(u.ctx_add_ta_file, "ub_ctx_add_ta_file");
    get(u.ctx_async, "ub_ctx_async");
    get(u.resolve_async, "ub_resolve_async");
    get(u.resolve_free, "ub_resolve_free");
    get(u.strerror, "ub_strerror");
    get(u.fd, "ub_fd");
    get(u.process, "ub_process");
    get(u.cancel, "ub_cancel");
    return u;
  }();
  return lib;
}

std::string rcode_text(int rcode) {
  switch (rcode) {
    case 1:
      return "FORMERR";
    case 2:
      return "SERVFAIL";
    case 4:
      return "NOTIMP";
    case 5:
      return "REFUSED";
    default:
      return "rcode " + std::to_string(rcode);
  }
}

// One query of a round: what libunbound's callback fills in.
struct Query {
  Name name;
  std::uint16_t type = 0;
  int async_id = 0;
  bool started = false;
  bool done = false;
  ExternalAnswer answer;
};

void on_result(void* data, int err, struct ub_result* result) {
  auto* q = static_cast<Query*>(data);
  q->done = true;
  ExternalAnswer& a = q->answer;
  a.canonical = q->name;
  if (err != 0 || !result) {
    a.status = ExternalAnswer::failed;
    a.reason = std::string("resolver error: ") + unbound().strerror(err);
    if (result) unbound().resolve_free(result);
    return;
  }
  if (result->bogus) {
    a.status = ExternalAnswer::failed;
    a.reason = std::string("DNSSEC validation failed") +
               (result->why_bogus ? std::string(": ") + result->why_bogus : std::string());
  } else if (result->nxdomain) {
    a.status = ExternalAnswer::nxdomain;
  } else if (result->rcode != 0) {
    a.status = ExternalAnswer::failed;
    a.reason = rcode_text(result->rcode);
  } else {
    a.status = ExternalAnswer::ok;
    if (result->havedata && result->data)
      for (int i = 0; result->data[i]; ++i)
        a.rdata.emplace_back(result->data[i], static_cast<std::size_t>(result->len[i]));
  }
  a.secure = result->secure != 0;
  if (result->canonname) {
    if (auto c = Name::parse(result->canonname, nullptr)) {
      a.alias = !(*c == q->name);
      a.canonical = std::move(*c);
    }
  }
  unbound().resolve_free(result);
}

}  // namespace

struct UnboundResolver::Impl {
  ub_ctx* ctx = nullptr;
  ~Impl() {
    if (ctx) unbound().ctx_delete(ctx);
  }
};

UnboundResolver::UnboundResolver(ResolverOptions options)
    : options_(std::move(options)), impl_(std::make_unique<Impl>()) {
  impl_->ctx = unbound().ctx_create();
  if (!impl_->ctx) throw std::runtime_error("cannot create the libunbound context");
  ub_ctx* ctx = impl_->ctx;
  auto check = [](int err, const std::string& what) {
    if (err != 0) throw std::runtime_error(what + ": " + unbound().strerror(err));
  };
  // Answers from a server on the loopback interface (the tests' authoritative server, a local
  // resolver) are wanted; unbound refuses to query localhost by default.
  check(unbound().ctx_set_option(ctx, "do-not-query-localhost:", "no"), "libunbound option");
  if (!options_.server.empty()) {
    check(unbound().ctx_set_fwd(ctx, options_.server.c_str()),
          "--resolver '" + options_.server + "' is not an address[@port]");
  } else {
    check(unbound().ctx_resolvconf(ctx, nullptr), "cannot read the system resolver configuration");
  }
  if (!options_.trust_anchor_file.empty())
    check(unbound().ctx_add_ta_file(ctx, options_.trust_anchor_file.c_str()),
          "cannot read the trust anchor '" + options_.trust_anchor_file + "'");
  // Threads, not a forked process: nothing survives the run.
  check(unbound().ctx_async(ctx, 1), "libunbound async mode");
}

UnboundResolver::~UnboundResolver() = default;

std::string UnboundResolver::source() const {
  return options_.server.empty() ? std::string("the system resolver") : options_.server;
}

const ExternalAnswer* UnboundResolver::lookup(const Name& name, std::uint16_t type) const {
  Key key{name.canonical_wire(), type};
  if (auto it = cache_.find(key); it != cache_.end()) {
    ++stats_.cache_hits;
    return &it->second;
  }
  if (pending_.insert(key).second) pending_names_.emplace(key, name);
  return nullptr;
}

bool UnboundResolver::resolve_pending() {
  if (pending_.empty()) return false;
  const auto start = std::chrono::steady_clock::now();
  // Cache hits are counted afresh each round: the engine runs the rules once more after every
  // round, and the last round's hits are the lookups that the cache saved.
  stats_.cache_hits = 0;
  std::vector<Query> queries;
  queries.reserve(pending_.size());
  for (const Key& k : pending_) {
    Query q;
    q.name = pending_names_.at(k);
    q.type = k.second;
    queries.push_back(std::move(q));
  }
  pending_.clear();
  pending_names_.clear();

  ub_ctx* ctx = impl_->ctx;
  std::size_t next = 0, in_flight = 0, finished = 0;
  const std::size_t limit = std::max(1u, options_.concurrency);
  const auto deadline = start + options_.timeout;
  auto start_more = [&] {
    while (next < queries.size() && in_flight < limit) {
      Query& q = queries[next++];
      const std::string text = q.name.text();
      const int err = unbound().resolve_async(ctx, text.c_str(), q.type, 1 /* IN */, &q, &on_result,
                                              &q.async_id);
      ++stats_.queries;
      if (err != 0) {
        q.done = true;
        q.answer.status = ExternalAnswer::failed;
        q.answer.reason = std::string("resolver error: ") + unbound().strerror(err);
        q.answer.canonical = q.name;
        ++finished;
        continue;
      }
      q.started = true;
      ++in_flight;
    }
  };
  start_more();
  while (finished < queries.size()) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) break;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
    pollfd pfd{unbound().fd(ctx), POLLIN, 0};
    const int ready = poll(&pfd, 1, static_cast<int>(std::min<long long>(left.count(), 100)));
    if (ready > 0) unbound().process(ctx);
    std::size_t done_now = 0;
    for (const Query& q : queries) done_now += q.done ? 1 : 0;
    in_flight -= std::min(in_flight, done_now - finished);
    finished = done_now;
    start_more();
  }
  const auto secs = std::chrono::duration_cast<std::chrono::milliseconds>(options_.timeout);
  for (Query& q : queries) {
    if (!q.done) {
      if (q.started) unbound().cancel(ctx, q.async_id);
      q.answer = ExternalAnswer{};
      q.answer.status = ExternalAnswer::failed;
      q.answer.canonical = q.name;
      q.answer.reason = "no answer within " + std::to_string(secs.count()) + " ms";
    }
    if (q.answer.status == ExternalAnswer::failed) ++stats_.failures;
    cache_.insert_or_assign(Key{q.name.canonical_wire(), q.type}, std::move(q.answer));
  }
  stats_.elapsed += std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  return true;
}

}  // namespace zl::live
