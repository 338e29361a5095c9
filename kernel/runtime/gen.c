/* gen: generators, whose frames live in the heap between resumptions. */
#include "obj.h"
#include "opcodes.h"

#define METHOD(n) static Val n(Val *args, int nargs, Val kw)

Val gen_new(Func *fn, Val *args, int nargs, Val kw)
{
    Code *c = fn->code;
    Raw *raw = gc_alloc_raw(frame_size(c));
    if (!raw)
        return V_NULL;
    Frame *f = frame_init(raw->d, fn);
    f->heap = true;
    Gen *g = gc_alloc(kr_types[K_GEN], sizeof(Gen));
    if (!g)
        return V_NULL;
    g->frame_raw = (Val)raw;
    g->frame = f;
    g->name = fn->name;
    g->qualname = fn->qualname;
    if (!bind_args(fn, f, args, nargs, kw))
        return V_NULL;
    return (Val)g;
}

static Val finish(Gen *g, Val r, bool *yielded)
{
    g->running = false;
    if (r && g->frame->yielded) {
        *yielded = true;
        return r;
    }
    *yielded = false;
    g->finished = true;
    if (!r && exc_pending_is(e_StopIteration)) {
        Val cause = exc_fetch();
        raise(e_RuntimeError, "generator raised StopIteration");
        if (TS->cur_exc) {
            ((Exc *)TS->cur_exc)->cause = cause;
            ((Exc *)TS->cur_exc)->context = cause;
        }
        return V_NULL;
    }
    return r;
}

Val gen_send(Val gv, Val v, bool *yielded)
{
    Gen *g = (Gen *)gv;
    *yielded = false;
    if (g->running)
        return raise(e_ValueError, "generator already executing");
    if (g->finished)
        return raise(e_StopIteration, NULL);
    if (!g->started && v != V_NONE)
        return raise(e_TypeError, "can't send non-None value to a just-started generator");
    if (!check_recursion())
        return V_NULL;
    g->running = true;
    int mode = g->started ? 1 : 0;
    g->started = true;
    Val r = eval_frame(g->frame, v, mode);
    return finish(g, r, yielded);
}

static bool at_yield_from(Gen *g)
{
    return g->started && !g->finished && *g->frame->ip == YIELD_FROM;
}

Val gen_throw(Val gv, Val exc)
{
    Gen *g = (Gen *)gv;
    bool yielded;
    if (g->running)
        return raise(e_ValueError, "generator already executing");
    if (g->finished || !g->started) {
        g->finished = true;
        g->started = true;
        return raise_val(exc);
    }
    if (at_yield_from(g)) {
        Val sub = g->frame->sp[-1];
        Val r;
        bool delegated = false;
        if (IS_PTR(sub) && type_of(sub)->kind == K_GEN) {
            if (is_instance(exc, e_GeneratorExit)) {
                r = gen_close(sub);
                if (!r)
                    goto resume_with_error;
                goto resume_with_exc;
            }
            r = gen_throw(sub, exc);
            delegated = true;
        } else {
            Val m = getattr_opt(sub, str_intern_c("throw"));
            if (m) {
                r = call1(m, exc);
                delegated = true;
            } else if (TS->cur_exc)
                exc_clear();
        }
        if (delegated) {
            if (r) {
                /* the sub-iterator yielded: so do we */
                return r;
            }
            if (exc_pending_is(e_StopIteration)) {
                Val value = stop_iteration_value();
                g->frame->sp[-1] = value;
                g->frame->ip += OP_INSTRUCTION_SIZE;  /* skip the YIELD_FROM */
                g->running = true;
                Val res = eval_frame(g->frame, V_NULL, 0);
                res = finish(g, res, &yielded);
                if (res && !yielded)
                    return raise_val(exc_new(e_StopIteration, tuple_pack(1, res)));
                return res;
            }
            goto resume_with_error;
        }
    }
resume_with_exc:
    raise_val(exc);
resume_with_error:
    TS->reraise = false;
    g->running = true;
    {
        Val r = eval_frame(g->frame, V_NULL, 2);
        r = finish(g, r, &yielded);
        if (r && !yielded)
            return raise_val(exc_new(e_StopIteration, tuple_pack(1, r)));
        return r;
    }
}

Val gen_close(Val gv)
{
    Gen *g = (Gen *)gv;
    if (g->finished || !g->started) {
        g->finished = true;
        return V_NONE;
    }
    Val exc = exc_new(e_GeneratorExit, tuple_new(0));
    if (!exc)
        return V_NULL;
    Val r = gen_throw(gv, exc);
    if (r) {
        if (!g->finished)
            return raise(e_RuntimeError, "generator ignored GeneratorExit");
        return V_NONE;
    }
    if (exc_pending_is(e_GeneratorExit) || exc_pending_is(e_StopIteration)) {
        exc_clear();
        return V_NONE;
    }
    return V_NULL;
}

METHOD(g_send)
{
    (void)kw;
    if (!check_nargs("send", nargs, 2, 2))
        return V_NULL;
    bool yielded;
    Val r = gen_send(args[0], args[1], &yielded);
    if (r && !yielded)
        return raise_val(exc_new(e_StopIteration, r == V_NONE ? tuple_new(0) : tuple_pack(1, r)));
    return r;
}

METHOD(g_next)
{
    (void)kw; (void)nargs;
    bool yielded;
    Val r = gen_send(args[0], V_NONE, &yielded);
    if (r && !yielded)
        return raise_val(exc_new(e_StopIteration, r == V_NONE ? tuple_new(0) : tuple_pack(1, r)));
    return r;
}

METHOD(g_throw)
{
    (void)kw;
    if (!check_nargs("throw", nargs, 2, 4))
        return V_NULL;
    Val exc = args[1];
    if (IS_PTR(exc) && type_of(exc)->kind == K_TYPE) {
        if (nargs > 2 && args[2] != V_NONE)
            exc = call1(exc, args[2]);
        else
            exc = call0(exc);
        if (!exc)
            return V_NULL;
    }
    if (!IS_PTR(exc) || type_of(exc)->kind != K_EXC)
        return raise(e_TypeError, "exceptions must be classes or instances deriving from BaseException, not %s", type_name(exc));
    return gen_throw(args[0], exc);
}

METHOD(g_close) { (void)kw; (void)nargs; return gen_close(args[0]); }
METHOD(g_iter) { (void)kw; (void)nargs; return args[0]; }

void gen_init(void)
{
    Type *t = kr_types[K_GEN];
    type_add_method(t, "send", g_send);
    type_add_method(t, "__next__", g_next);
    type_add_method(t, "throw", g_throw);
    type_add_method(t, "close", g_close);
    type_add_method(t, "__iter__", g_iter);
}
