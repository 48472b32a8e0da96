from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'speech.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_title = resolve('title')
    l_0_speaker_line = resolve('speaker_line')
    l_0_date_line = resolve('date_line')
    l_0_audience = resolve('audience')
    l_0_opening = resolve('opening')
    l_0_sections = resolve('sections')
    l_0_closing = resolve('closing')
    try:
        t_1 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    pass
    yield '@title '
    yield str((undefined(name='title') if l_0_title is missing else l_0_title))
    yield '\n@speaker '
    yield str((undefined(name='speaker_line') if l_0_speaker_line is missing else l_0_speaker_line))
    yield '\n@date '
    yield str((undefined(name='date_line') if l_0_date_line is missing else l_0_date_line))
    yield '\n@salutation '
    yield str((undefined(name='audience') if l_0_audience is missing else l_0_audience))
    yield '：\n'
    for l_1_para in (undefined(name='opening') if l_0_opening is missing else l_0_opening):
        _loop_vars = {}
        pass
        yield '@p '
        yield str(l_1_para)
        yield '\n'
    l_1_para = missing
    l_1_loop = missing
    for l_1_section, l_1_loop in LoopContext((undefined(name='sections') if l_0_sections is missing else l_0_sections), undefined):
        _loop_vars = {}
        pass
        yield '@h1 '
        yield str(environment.getattr(l_1_section, 'heading'))
        yield '\n'
        for l_2_para in environment.getattr(l_1_section, 'intro'):
            _loop_vars = {}
            pass
            yield '@p '
            yield str(l_2_para)
            yield '\n'
        l_2_para = missing
        l_2_loop = missing
        for l_2_point, l_2_loop in LoopContext(environment.getattr(l_1_section, 'points'), undefined):
            l_2_numbering = resolve('numbering')
            l_2_ordinals = resolve('ordinals')
            l_2_n = resolve('n')
            l_2_mark = resolve('mark')
            _loop_vars = {}
            pass
            if (t_1(environment.getattr(l_1_section, 'points')) == 1):
                pass
                l_3_loop = missing
                for l_3_para, l_3_loop in LoopContext(environment.getattr(l_2_point, 'paragraphs'), undefined):
                    _loop_vars = {}
                    pass
                    yield '@p '
                    if (environment.getattr(l_3_loop, 'first') and environment.getattr(l_2_point, 'title')):
                        pass
                        yield str(environment.getattr(l_2_point, 'title'))
                        yield '。'
                    yield str(l_3_para)
                    yield '\n'
                l_3_loop = l_3_para = missing
            elif ((undefined(name='numbering') if l_2_numbering is missing else l_2_numbering) == 'heading'):
                pass
                if environment.getattr(l_2_point, 'title'):
                    pass
                    yield '@h2 '
                    yield str(environment.getattr(l_2_point, 'title'))
                    yield '\n'
                for l_3_para in environment.getattr(l_2_point, 'paragraphs'):
                    _loop_vars = {}
                    pass
                    yield '@p '
                    yield str(l_3_para)
                    yield '\n'
                l_3_para = missing
            else:
                pass
                l_2_n = environment.getitem((undefined(name='ordinals') if l_2_ordinals is missing else l_2_ordinals), environment.getattr(l_2_loop, 'index0'))
                _loop_vars['n'] = l_2_n
                l_2_mark = (str_join(('第', (undefined(name='n') if l_2_n is missing else l_2_n), '，', )) if ((undefined(name='numbering') if l_2_numbering is missing else l_2_numbering) == 'ordinal') else str_join(((undefined(name='n') if l_2_n is missing else l_2_n), '是', )))
                _loop_vars['mark'] = l_2_mark
                l_3_loop = missing
                for l_3_para, l_3_loop in LoopContext(environment.getattr(l_2_point, 'paragraphs'), undefined):
                    _loop_vars = {}
                    pass
                    if environment.getattr(l_3_loop, 'first'):
                        pass
                        yield '@p '
                        yield str((undefined(name='mark') if l_2_mark is missing else l_2_mark))
                        if environment.getattr(l_2_point, 'title'):
                            pass
                            yield str(environment.getattr(l_2_point, 'title'))
                            yield '。'
                        yield str(l_3_para)
                        yield '\n'
                    else:
                        pass
                        yield '@p '
                        yield str(l_3_para)
                        yield '\n'
                l_3_loop = l_3_para = missing
        l_2_loop = l_2_point = l_2_numbering = l_2_ordinals = l_2_n = l_2_mark = missing
    l_1_loop = l_1_section = missing
    for l_1_para in (undefined(name='closing') if l_0_closing is missing else l_0_closing):
        _loop_vars = {}
        pass
        yield '@p '
        yield str(l_1_para)
        yield '\n'
    l_1_para = missing

blocks = {}
debug_info = '6=25&7=27&8=29&9=31&10=33&11=37&13=41&14=45&15=47&16=51&18=55&19=62&21=65&22=69&24=76&25=78&26=81&28=83&29=87&32=92&33=94&34=97&35=100&36=103&38=113&44=118&45=122'