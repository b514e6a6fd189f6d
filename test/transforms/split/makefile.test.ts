import { describe, expect, it } from 'vitest';
import { expandMake, phonyTargets, readMakefile, ruleFor } from '../../../transforms/split/makefile.js';

describe('reading a Makefile', () => {
  const text = 'PREFIX ?= /usr/local\nBIN := $(PREFIX)/bin\nLDLIBS = -lm\nLDLIBS += -lpthread\n\napp: main.o util.o\n\t$(CC) -o $@ $^ $(LDLIBS)\n\ninstall: app\n\tinstall -m 755 app $(BIN)/app\n\n.PHONY: install\n';

  it('the first target is the default goal; recipes expand automatic variables and the ones they name', () => {
    const make = readMakefile(text);
    expect(make.defaultGoal).toBe('app');
    const rule = ruleFor(make, 'app')!;
    expect(expandMake(make, rule.recipe[0], { '@': 'app', '^': rule.prerequisites.join(' ') })).toBe('cc -o app main.o util.o -lm -lpthread');
    expect(phonyTargets(make)).toEqual(new Set(['install']));
  });

  it('a variable given on the command line wins over ?= and =, and := expands when it is read', () => {
    const make = readMakefile(text, new Map([['PREFIX', '/opt/app']]));
    expect(expandMake(make, '$(BIN)')).toBe('/opt/app/bin');
  });

  it('make functions and conditionals are not followed', () => {
    expect(expandMake(readMakefile('LIBS = $(shell pkg-config --libs x)\n'), '$(LIBS)')).toBeUndefined();
    expect(readMakefile('ifdef DEBUG\nX = 1\nendif\n').unreadable).toBe('the Makefile uses `ifdef`, which the split does not follow');
  });

  it('targets and prerequisites are expanded as they are read, continuation lines joined', () => {
    const make = readMakefile('OBJS = a.o \\\n  b.o\nprog: $(OBJS)\n\t$(CC) -o $@ $(OBJS)\n');
    expect(ruleFor(make, 'prog')!.prerequisites).toEqual(['a.o', 'b.o']);
  });
});
