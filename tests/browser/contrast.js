/* Low-contrast text on the page: returns one line per element whose own text fails WCAG AA. */
() => {
  const parse = (c) => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null;
    const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number); return {r:p[0],g:p[1],b:p[2],a:p.length>3?p[3]:1}; };
  const lum = ({r,g,b}) => { const f = (v) => { v/=255; return v<=0.03928? v/12.92 : Math.pow((v+0.055)/1.055,2.4); };
    return 0.2126*f(r)+0.7152*f(g)+0.0722*f(b); };
  const blend = (top, bottom) => ({r: top.r*top.a+bottom.r*(1-top.a), g: top.g*top.a+bottom.g*(1-top.a), b: top.b*top.a+bottom.b*(1-top.a), a:1});
  const bgOf = (el) => { const stack=[]; for (let e=el; e; e=e.parentElement) { const c=parse(getComputedStyle(e).backgroundColor); if (c && c.a>0) { stack.push(c); if (c.a>=1) break; } }
    let bg = {r:255,g:255,b:255,a:1}; for (let i=stack.length-1;i>=0;i--) bg = blend(stack[i], bg); return bg; };
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    if (!el.checkVisibility({checkOpacity:true, checkVisibilityCSS:true})) continue;
    const own = [...el.childNodes].some(n => n.nodeType===3 && n.textContent.trim());
    if (!own) continue;
    const st = getComputedStyle(el); let fg = parse(st.color); if (!fg) continue;
    const bg = bgOf(el); fg = blend(fg, bg);
    const L1 = lum(fg), L2 = lum(bg); const ratio = (Math.max(L1,L2)+0.05)/(Math.min(L1,L2)+0.05);
    const size = parseFloat(st.fontSize), bold = parseInt(st.fontWeight)>=700;
    const need = (size>=24 || (bold && size>=18.66)) ? 3 : 4.5;
    if (ratio < need) out.push(`${el.tagName}.${el.className} "${el.textContent.trim().slice(0,30)}" ${ratio.toFixed(2)} < ${need}`);
  }
  return out;
}
